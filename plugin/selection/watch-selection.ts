/// <reference types="@figma/plugin-typings" />
/**
 * When the window's picture of the selection must be sent again: the selection or the page changed, or a
 * layer on the page was edited. Figma sends no `selectionchange` when a selected image or a mask shape over
 * it is hidden, shown, moved or loses its fill, so the window's mask hint would go stale; the current page's
 * `nodechange` covers those (it needs no `loadAllPagesAsync`, unlike `documentchange`). Edits come in bursts
 * (a drag is one event per frame): they are answered once, after a short quiet spell.
 */
const EDIT_QUIET_MS = 150;

export function watchSelection(post: () => void): void {
  let page: PageNode | null = null;
  let queued: ReturnType<typeof setTimeout> | undefined;
  const afterEdits = () => {
    clearTimeout(queued);
    queued = setTimeout(post, EDIT_QUIET_MS);
  };
  const watchPage = () => {
    page?.off('nodechange', afterEdits);
    page = figma.currentPage;
    page.on('nodechange', afterEdits);
  };
  watchPage();
  figma.on('selectionchange', post);
  figma.on('currentpagechange', () => {
    watchPage();
    post();
  });
  // An answer still waiting when the plugin closes would run against a closed plugin.
  figma.on('close', () => {
    clearTimeout(queued);
    page?.off('nodechange', afterEdits);
  });
}
