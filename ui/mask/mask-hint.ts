import type { MaskLayer } from '../../plugin/protocol/messages.js';
import { quotedNames, showUsedUpMaskText, usedUpMaskText } from '../../plugin/protocol/used-mask-words.js';

const PAINT_KEYS = 'Paint over the area to change. [ ] size · X erase · ⌘Z undo.';

/**
 * The line under the mask editor: which Figma shapes the mask holds (and which it no longer does), or why
 * there are none any more (a run used and hid them), or how to paint.
 */
export function maskHint(shapes: { held: readonly MaskLayer[]; dropped: readonly MaskLayer[] }, usedUp: readonly MaskLayer[]): string {
  const names = (layers: readonly MaskLayer[]) => quotedNames(layers.map((layer) => layer.name));
  if (shapes.held.length > 0) {
    const dropped = shapes.dropped.length === 0 ? '' : ` (the window’s mask no longer holds ${names(shapes.dropped)})`;
    return `Mask from ${names(shapes.held)}${dropped}; paint to add, X to erase.`;
  }
  if (shapes.dropped.length > 0) {
    const kept = shapes.dropped.length === 1 ? 'it is not hidden' : 'they are not hidden';
    return `The window’s mask no longer holds ${names(shapes.dropped)}, so ${kept} after the run. ${PAINT_KEYS}`;
  }
  if (usedUp.length > 0) return `${usedUpMask(usedUp)}, or paint over the area to change.`;
  return PAINT_KEYS;
}

/** “Mask” was used by the last run and is hidden now: show it in Figma to use it again */
export function usedUpMask(usedUp: readonly MaskLayer[]): string {
  return `${usedUpMaskText(usedUp.map((layer) => layer.name))}: ${showUsedUpMaskText(usedUp.length)}`;
}
