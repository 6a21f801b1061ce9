import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';

/** Binary inverse: 255 where the mask keeps pixels, 0 where it repaints. */
export function invertMask(mask: MaskImage): MaskImage {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i]! >= MASK_THRESHOLD ? 0 : 255;
  return { width: mask.width, height: mask.height, data };
}
