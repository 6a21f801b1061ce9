/**
 * The contract the browser round-trip test drives: `window.harness`.
 * Import the type in Playwright tests: `import type { HarnessApi } from '…/test/harness/page/harness-api.js'`.
 */
import type { DocumentSnapshot, FakeFigma, FakeFigmaApi } from '../fake-figma/index.js';
import type { ExportSettingsLike } from '../fake-figma/nodes/scene.js';
import type { Theme } from './theme.js';

export interface HarnessApi {
  /** Page loaded, sample scene built (unless ?scene=empty), menu ready. */
  ready: Promise<void>;
  /** The fake `figma` (also globalThis.figma while a plugin runs). */
  api: FakeFigmaApi;
  /** The fake's controls (scene builders, renderers, sendFromUi, onPostToUi, …). */
  controls: FakeFigma;
  /** Run a menu command as a fresh plugin; resolves once the plugin code ran and its iframe (if any) loaded. */
  runCommand(command: string): Promise<void>;
  /** Select nodes by id, as the user would; resolves after 'selectionchange' was delivered. */
  select(ids: string[]): Promise<void>;
  /** Id of the first node with this name, depth-first. */
  findByName(name: string): string | undefined;
  snapshot(): DocumentSnapshot;
  /** PNG bytes of a node, exactly what `exportAsync(settings)` returns. */
  renderNodePng(id: string, settings?: ExportSettingsLike): Promise<Uint8Array>;
  /** PNG of the whole page content (with the canvas background). */
  renderPagePng(): Promise<Uint8Array>;
  /** Every figma.notify message so far, oldest first. */
  notifications(): string[];
  /** The plugin UI iframe, or null when no UI is open. */
  uiFrame(): HTMLIFrameElement | null;
  /** One undo step (Cmd+Z); false when there is nothing to undo. */
  undo(): boolean;
  /** Theme for themeColors UIs; applies live to an open UI. */
  setTheme(theme: Theme): void;
  /** Client (viewport) coordinates of a page point, to click on the canvas. */
  clientPoint(x: number, y: number): { x: number; y: number };
  /** Menu entries (from manifest.json, or the fallback list). */
  menu: { name?: string; command?: string; separator?: boolean }[];
}

declare global {
  interface Window {
    harness: HarnessApi;
  }
}
