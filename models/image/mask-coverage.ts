import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';

/** The fraction of pixels marked to repaint, 0 to 1. */
export function maskCoverage(mask: MaskImage): number {
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! >= MASK_THRESHOLD) count++;
  return mask.data.length === 0 ? 0 : count / mask.data.length;
}
