/// <reference types="@figma/plugin-typings" />
/**
 * Mask shapes a run used are hidden, not deleted, and marked so: a later look at the same layer can say why it
 * has no mask any more instead of just finding none. A shape the designer hid themselves carries no mark.
 */
const HIDDEN_BY_RUN_KEY = 'hiddenByRun';

/** Hides a mask shape a run used, marking it as hidden by the run. */
export function hideUsedMaskShape(node: SceneNode): void {
  if (node.removed || !node.visible) return;
  node.visible = false;
  node.setPluginData(HIDDEN_BY_RUN_KEY, '1');
}

/**
 * Hidden, and last hidden by a run. Figma tells a plugin nothing when a layer is shown, so a shape shown again
 * and later hidden by hand still reads as used up; the words for it stay true enough ("used by the last run").
 */
export function isUsedUpMaskShape(node: SceneNode): boolean {
  return !node.visible && node.getPluginData(HIDDEN_BY_RUN_KEY) === '1';
}
