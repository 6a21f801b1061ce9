import type { PluginToUiMessage, UiToPluginMessage } from '../plugin/protocol/messages.js';
import { validatePluginToUiMessage } from '../plugin/protocol/validate.js';

/** Figma delivers messages between the window and the main thread wrapped as `{ pluginMessage }`. */
export function postToPlugin(message: UiToPluginMessage): void {
  parent.postMessage({ pluginMessage: message }, '*');
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
