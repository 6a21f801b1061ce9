/** Types for serve.mjs, for tests that start the harness server programmatically. */
export interface HarnessServerOptions {
  /** Default: $PORT or 5174; 0 picks a free port. */
  port?: number;
  /** Plugin main-thread bundle to serve as /dist/plugin.js (default dist/plugin.js or $PLUGIN_JS). */
  pluginJs?: string;
  /** UI html to serve as /dist/ui.html (default dist/ui.html or $UI_HTML). */
  uiHtml?: string;
  quiet?: boolean;
}
export interface HarnessServer {
  /** e.g. "http://localhost:5174/" */
  url: string;
  port: number;
  close(): Promise<void>;
}
export interface MenuEntry {
  name?: string;
  command?: string;
  separator?: boolean;
}
export const FALLBACK_MENU: MenuEntry[];
export function startHarnessServer(options?: HarnessServerOptions): Promise<HarnessServer>;
