import type { PluginToUiMessage, UiToPluginMessage } from '../plugin/protocol/messages.js';
import { validatePluginToUiMessage } from '../plugin/protocol/validate.js';

/** The manifest's plugin id, defined by esbuild.config.mjs for the UI build. */
declare const __PLUGIN_ID__: string;
/**
 * Where the window posts, defined by esbuild.config.mjs (parentOriginFor): '*' for Figma's null-origin window,
 * Figma's origin for a hosted window, 'parent' for the harness's loopback build.
 */
declare const __PARENT_ORIGIN__: string;
/** Outside an esbuild bundle (a unit test importing this module) the constants are not defined. */
const PLUGIN_ID = typeof __PLUGIN_ID__ === 'string' ? __PLUGIN_ID__ : 'dev';
const PARENT_ORIGIN = typeof __PARENT_ORIGIN__ === 'string' ? __PARENT_ORIGIN__ : '*';

/**
 * The origin the window posts to and accepts messages from; '*' for any. Figma's null-origin window posts with
 * '*', as Figma's docs write it (the plugin's messages there come from Figma's frame, whose origin the window
 * has no business guessing: the desktop and web apps differ). A hosted window (its own https origin) posts to
 * Figma's origin, as Figma's docs write it for a non-null-origin window, so the image bytes it sends reach
 * only Figma. The harness's loopback build ('parent') takes its parent's origin as the browser reports it:
 * the harness page's port is only known when its server starts.
 */
function parentOrigin(): string {
  if (PARENT_ORIGIN !== 'parent') return PARENT_ORIGIN;
  const reported = typeof location === 'undefined' ? undefined : location.ancestorOrigins?.[0];
  return reported === undefined || reported === 'null' ? '*' : reported;
}

/**
 * Figma delivers messages between the window and the main thread wrapped as `{ pluginMessage }`. A hosted
 * window must also say which plugin it is: Figma documents `parent.postMessage({ pluginMessage, pluginId },
 * 'https://www.figma.com')` and drops such messages without the id. The null-origin window doesn't need it,
 * and Figma ignores it there, so it is always sent.
 */
export function postToPlugin(message: UiToPluginMessage): void {
  window.parent.postMessage({ pluginMessage: message, pluginId: PLUGIN_ID }, parentOrigin());
}

/**
 * Calls `onMessage` with each valid plugin message; invalid ones are logged and dropped. Only the parent
 * window (Figma's frame, which relays the main thread's messages) is heard: a message another frame posts
 * into this window (a sibling, a child, a popup) is ignored, and so is one from another origin than the one
 * the window posts to. Returns the unsubscribe.
 */
export function listenToPlugin(onMessage: (message: PluginToUiMessage) => void): () => void {
  const host = window;
  const listener = (event: MessageEvent) => {
    if (event.source === null || event.source !== host.parent || host.parent === host) return;
    const origin = parentOrigin();
    if (origin !== '*' && event.origin !== origin) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return;
    const validation = validatePluginToUiMessage(data.pluginMessage);
    if (!validation.ok) {
      console.warn(`PowerPaint: ignored a message from the plugin: ${validation.reason}`);
      return;
    }
    onMessage(validation.message);
  };
  host.addEventListener('message', listener);
  return () => host.removeEventListener('message', listener);
}
