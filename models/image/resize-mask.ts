import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';

/**
 * Resize a mask conservatively: an output pixel is 255 when any source pixel under its footprint is
 * marked (>= 128), else 0. Nothing marked is ever lost, at any scale, so the model repaints at least
 * what was asked.
 */
export function resizeMaskCovering(mask: MaskImage, width: number, height: number): MaskImage {
  const sx = mask.width / width;
  const sy = mask.height / height;
  const columns = new Uint8Array(mask.height * width);
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < width; x++) {
      const from = Math.min(mask.width - 1, Math.floor(x * sx));
      const to = Math.max(from + 1, Math.min(mask.width, Math.ceil((x + 1) * sx)));
      let hit = 0;
      for (let i = from; i < to; i++) {
        if (mask.data[row + i]! >= MASK_THRESHOLD) {
          hit = 255;
          break;
        }
      }
      columns[y * width + x] = hit;
    }
  }
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = Math.min(mask.height - 1, Math.floor(y * sy));
    const to = Math.max(from + 1, Math.min(mask.height, Math.ceil((y + 1) * sy)));
    for (let x = 0; x < width; x++) {
      let hit = 0;
      for (let j = from; j < to; j++) {
        if (columns[j * width + x]) {
          hit = 255;
          break;
        }
      }
      data[y * width + x] = hit;
    }
  }
  return { width, height, data };
}
