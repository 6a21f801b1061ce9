import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';
import { clampRect, type Rect } from './rect.js';

/**
 * The smallest rectangle holding every pixel marked to repaint (>= 128), looking only inside `within`
 * (the whole mask by default); undefined when there is none.
 */
export function maskBounds(mask: MaskImage, within?: Rect): Rect | undefined {
  const area = clampRect(within ?? { x: 0, y: 0, width: mask.width, height: mask.height }, mask);
  let left = Infinity;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let y = area.y; y < area.y + area.height; y++) {
    const row = y * mask.width;
    let first = -1;
    for (let x = area.x; x < area.x + area.width; x++) {
      if (mask.data[row + x]! >= MASK_THRESHOLD) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = area.x + area.width - 1; x > first; x--) {
      if (mask.data[row + x]! >= MASK_THRESHOLD) {
        last = x;
        break;
      }
    }
    if (top < 0) top = y;
    bottom = y;
    left = Math.min(left, first);
    right = Math.max(right, last);
  }
  if (top < 0) return undefined;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}
