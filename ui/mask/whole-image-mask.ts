import type { MaskImage } from '../../models/engine/types.js';

/** Repaint everything: the mask until the person can draw one (a later issue). */
export function wholeImageMask(width: number, height: number): MaskImage {
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}
