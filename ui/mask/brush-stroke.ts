import type { MaskImage } from '../../models/engine/types.js';

/** A point in source-image pixels (x right, y down; 0,0 is the top-left corner of the first pixel). */
export interface Point {
  x: number;
  y: number;
}

/** Pixels a stamp touched: x, y, width, height in source pixels; width 0 when none. */
export interface DirtyRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const EMPTY_RECT: DirtyRect = { x: 0, y: 0, width: 0, height: 0 };

/**
 * Paints (value 255) or erases (value 0) a round brush of `radius` source pixels dragged from `from` to
 * `to`: every pixel whose centre lies within `radius` of the segment. Works at the mask's own (source)
 * resolution, so the mask the engine gets is exactly what was painted. Returns the pixels it touched.
 */
export function stampSegment(mask: MaskImage, from: Point, to: Point, radius: number, value: 0 | 255): DirtyRect {
  const r = Math.max(0.5, radius);
  const x0 = Math.max(0, Math.floor(Math.min(from.x, to.x) - r));
  const y0 = Math.max(0, Math.floor(Math.min(from.y, to.y) - r));
  const x1 = Math.min(mask.width, Math.ceil(Math.max(from.x, to.x) + r));
  const y1 = Math.min(mask.height, Math.ceil(Math.max(from.y, to.y) + r));
  if (x1 <= x0 || y1 <= y0) return EMPTY_RECT;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const lengthSquared = dx * dx + dy * dy;
  const rSquared = r * r;
  for (let y = y0; y < y1; y++) {
    const py = y + 0.5;
    const row = y * mask.width;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5;
      // Closest point of the segment to the pixel centre.
      const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - from.x) * dx + (py - from.y) * dy) / lengthSquared));
      const ex = px - (from.x + t * dx);
      const ey = py - (from.y + t * dy);
      if (ex * ex + ey * ey <= rSquared) mask.data[row + x] = value;
    }
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function unionRects(a: DirtyRect, b: DirtyRect): DirtyRect {
  if (a.width === 0 || a.height === 0) return b;
  if (b.width === 0 || b.height === 0) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
