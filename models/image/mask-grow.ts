import type { MaskImage } from '../engine/types.js';
import { distanceToMask } from './distance-transform.js';
import { invertMask } from './mask-invert.js';

/** Grow the mask by a disc of `px` pixels: 255 within `px` (Euclidean) of a masked pixel, else 0. */
export function growMask(mask: MaskImage, px: number): MaskImage {
  const distance = distanceToMask(mask);
  const data = new Uint8Array(distance.length);
  for (let i = 0; i < data.length; i++) data[i] = distance[i]! <= px ? 255 : 0;
  return { width: mask.width, height: mask.height, data };
}

/**
 * Shrink the mask by `px` pixels: a pixel stays masked only if no unmasked pixel lies within `px`.
 * The image border is not an edge: a mask touching it does not shrink away from it.
 */
export function shrinkMask(mask: MaskImage, px: number): MaskImage {
  return invertMask(growMask(invertMask(mask), px));
}
