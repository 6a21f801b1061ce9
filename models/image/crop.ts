import type { MaskImage, RgbaImage } from '../engine/types.js';
import type { Rect } from './rect.js';

/** A copy of `rect` (which must lie inside the image), row by row: memory is the crop's, not the image's. */
export function cropRgba(image: RgbaImage, rect: Rect): RgbaImage {
  const data = new Uint8ClampedArray(rect.width * rect.height * 4);
  const rowBytes = rect.width * 4;
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * image.width + rect.x) * 4;
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width: rect.width, height: rect.height, data };
}

/** A copy of `rect` (inside the mask). */
export function cropMask(mask: MaskImage, rect: Rect): MaskImage {
  const data = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.y + y) * mask.width + rect.x;
    data.set(mask.data.subarray(from, from + rect.width), y * rect.width);
  }
  return { width: rect.width, height: rect.height, data };
}
