import type { MaskImage } from '../engine/types.js';

/** Mask bytes at or above this mark pixels to repaint, as the engine reads them. */
export const MASK_THRESHOLD = 128;

/** 255 where the mask is at or above `threshold`, 0 elsewhere. */
export function binarizeMask(mask: MaskImage, threshold = MASK_THRESHOLD): MaskImage {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i]! >= threshold ? 255 : 0;
  return { width: mask.width, height: mask.height, data };
}
