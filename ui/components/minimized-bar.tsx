/**
 * The window folded to one line between runs. Closing the plugin window ends its iframe and the model in
 * it (in Figma's null-origin window, a new one downloads the model again); folded, it keeps running.
 */
export function MinimizedBar({ engineName, onExpand }: { engineName: string; onExpand: () => void }) {
  return (
    <main class="app minimized" data-testid="minimized">
      <span class="secondary">PowerPaint · {engineName} stays loaded</span>
      <button type="button" class="primary-button" data-testid="expand" onClick={onExpand}>
        Expand
      </button>
    </main>
  );
}

/** The folded window's size: one line (Figma's minimum height is 0, width 70). */
export const MINIMIZED_SIZE = { width: 360, height: 48 };
