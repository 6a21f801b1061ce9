import type { RgbaImage } from '../engine/types.js';

/**
 * The result image: the source's bytes everywhere, the fill's RGBA (alpha included) only where the hole
 * is. Built from the source rather than trusted from the fill, so outside the mask is bit-identical by
 * construction.
 */
export function pasteFill(image: RgbaImage, hole: Uint8Array, filled: Uint8ClampedArray): RgbaImage {
  const data = new Uint8ClampedArray(image.data);
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    const at = p * 4;
    data[at] = filled[at]!;
    data[at + 1] = filled[at + 1]!;
    data[at + 2] = filled[at + 2]!;
    data[at + 3] = filled[at + 3]!;
  }
  return { width: image.width, height: image.height, data };
}
