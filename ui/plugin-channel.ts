import type { PluginToUiMessage, UiToPluginMessage } from '../plugin/protocol/messages.js';
import { validatePluginToUiMessage } from '../plugin/protocol/validate.js';

/** The manifest's plugin id, defined by esbuild.config.mjs for the UI build. */
declare const __PLUGIN_ID__: string;
/** Outside an esbuild bundle (a unit test importing this module) the constant is not defined. */
const PLUGIN_ID = typeof __PLUGIN_ID__ === 'string' ? __PLUGIN_ID__ : 'dev';

/**
 * Figma delivers messages between the window and the main thread wrapped as `{ pluginMessage }`. A hosted
 * window (served from its own https origin, not Figma's null-origin iframe) must also say which plugin it is:
 * Figma documents `parent.postMessage({ pluginMessage, pluginId }, 'https://www.figma.com')` and drops such
 * messages without the id. The null-origin window doesn't need it, and Figma ignores it there, so it is
 * always sent. The target origin stays '*': the parent is not always https://www.figma.com (the desktop app
 * and the web app host the plugin window in different origins, and so does the harness), and a message
 * posted to the wrong origin is silently lost. `parent` is the window that created this iframe, so '*'
 * reaches only it; the messages carry nothing secret.
 */
export function postToPlugin(message: UiToPluginMessage): void {
  parent.postMessage({ pluginMessage: message, pluginId: PLUGIN_ID }, '*');
}

/** Calls `onMessage` with each valid plugin message; invalid ones are logged and dropped. Returns the unsubscribe. */
export function listenToPlugin(onMessage: (message: PluginToUiMessage) => void): () => void {
  const listener = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return;
    const validation = validatePluginToUiMessage(data.pluginMessage);
    if (!validation.ok) {
      console.warn(`PowerPaint: ignored a message from the plugin: ${validation.reason}`);
      return;
    }
    onMessage(validation.message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
