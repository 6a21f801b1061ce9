import { rectContains, rectDistance, type Rect, type Size } from './rect.js';

export interface OutpaintWindowOptions {
  /** Window side in canvas pixels (the model's native size runs at scale 1). */
  side: number;
  /** How far each window reaches back into what is already there: the source or earlier windows. */
  context: number;
}

/**
 * Windows that together cover the whole new area of an outpaint canvas, in the order to fill them:
 * nearest the source first, working outward. Along each axis the windows tile the source's span and
 * step outward from its edges by (side - context), so every window after the first reaches `context`
 * pixels into the source or into windows filled before it. Windows lie inside the canvas.
 */
export function planOutpaintWindows(canvas: Size, source: Rect, options: OutpaintWindowOptions): Rect[] {
  const width = Math.min(options.side, canvas.width);
  const height = Math.min(options.side, canvas.height);
  const xs = axisStarts(canvas.width, source.x, source.x + source.width, width, Math.min(options.context, Math.floor(width / 2)));
  const ys = axisStarts(canvas.height, source.y, source.y + source.height, height, Math.min(options.context, Math.floor(height / 2)));
  const windows: Rect[] = [];
  for (const y of ys) for (const x of xs) windows.push({ x, y, width, height });
  const centre = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
  const key = (w: Rect) => [rectDistance(w, source), Math.hypot(w.x + w.width / 2 - centre.x, w.y + w.height / 2 - centre.y)] as const;
  return windows
    .filter((w) => !rectContains(source, w))
    .map((w) => ({ w, k: key(w) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1])
    .map(({ w }) => w);
}

/** Window starts along one axis of `length`, the source spanning [from, to). */
export function axisStarts(length: number, from: number, to: number, side: number, context: number): number[] {
  if (length <= side) return [0];
  const step = Math.max(1, side - context);
  const clamp = (s: number) => Math.min(length - side, Math.max(0, s));
  const starts = new Set<number>();
  for (let s = from; ; s += step) {
    starts.add(clamp(s));
    if (s + side >= to) break;
  }
  if (from > 0) {
    for (let end = from + context; ; end -= step) {
      starts.add(clamp(end - side));
      if (end - side <= 0) break;
    }
  }
  if (to < length) {
    for (let s = to - context; ; s += step) {
      starts.add(clamp(s));
      if (s + side >= length) break;
    }
  }
  return [...starts].sort((a, b) => a - b);
}
