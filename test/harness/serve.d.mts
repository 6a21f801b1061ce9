/** Types for serve.mjs, for tests that start the harness server programmatically. */
export interface HarnessServerOptions {
  /** Default: $PORT or 5174; 0 picks a free port. */
  port?: number;
  /** Plugin main-thread bundle to serve as /dist/plugin.js (default dist/plugin.js or $PLUGIN_JS). */
  pluginJs?: string;
  /** UI html to serve as /dist/ui.html (default dist/ui.html or $UI_HTML). */
  uiHtml?: string;
  quiet?: boolean;
  /**
   * Hosted-UI mode (default: $HOSTED_UI === '1'): also listens on a second, free port and builds the plugin
   * with POWERPAINT_UI_URL = http://localhost:<second port>/hosted/ into a temporary folder, serves its plugin.js, its redirect stub as
   * /dist/ui.html and the full window as /hosted/index.html, and the page lets the plugin window keep the
   * origin it navigates to (see README.md). The build's files give way to `pluginJs` / `uiHtml` when set.
   */
  hostedUi?: boolean;
}
export interface HarnessServer {
  /** e.g. "http://localhost:5174/" */
  url: string;
  port: number;
  /** Hosted mode only: where the plugin window is navigated, e.g. "http://localhost:41234/hosted/" (a second port: same site, another origin). */
  hostedUiUrl?: string;
  /** The local Hub stand-in the window's catalog loads from (its request log tells what was downloaded). */
  hub: import('../hub-server/hub-stand-in.js').HubStandIn;
  close(): Promise<void>;
}
/** Catalog repo id -> folder under test/fixtures/hub-repos that the stand-in serves for it. */
export const HARNESS_HUB_REPOS: Record<string, string>;
export interface MenuEntry {
  name?: string;
  command?: string;
  separator?: boolean;
}
export const FALLBACK_MENU: MenuEntry[];
export function startHarnessServer(options?: HarnessServerOptions): Promise<HarnessServer>;
