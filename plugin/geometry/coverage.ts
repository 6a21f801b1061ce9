/**
 * How much of a W×H pixel canvas a set of filled outlines covers, estimated on a sample grid (at most
 * 128×128 points, cell centres): enough to tell "covers nothing" and "covers everything" apart from a real
 * mask without drawing pixels (the plugin's sandbox has no canvas). Pure.
 */
import type { Point } from './affine.js';
import { flattenSegments, parsePathData } from './path-data.js';
import type { PathData } from '../protocol/messages.js';

const MAX_SAMPLES_PER_SIDE = 128;

interface Outline {
  polygons: Point[][];
  evenOdd: boolean;
}

/** Fraction (0..1) of the canvas's sample points inside at least one of `paths`. */
export function coveredFraction(paths: readonly PathData[], width: number, height: number): number {
  const outlines: Outline[] = paths.map((p) => ({ polygons: flattenSegments(parsePathData(p.data)), evenOdd: p.windingRule === 'EVENODD' }));
  if (outlines.every((o) => o.polygons.length === 0)) return 0;
  const columns = Math.max(1, Math.min(MAX_SAMPLES_PER_SIDE, Math.ceil(width)));
  const rows = Math.max(1, Math.min(MAX_SAMPLES_PER_SIDE, Math.ceil(height)));
  let inside = 0;
  for (let row = 0; row < rows; row++) {
    const y = ((row + 0.5) / rows) * height;
    for (let column = 0; column < columns; column++) {
      const x = ((column + 0.5) / columns) * width;
      if (outlines.some((o) => isInside(o, x, y))) inside++;
    }
  }
  return inside / (columns * rows);
}

/** Axis-aligned bounds of the flattened outlines, or null when there are none. */
export function outlineBounds(paths: readonly PathData[]): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of paths) {
    for (const polygon of flattenSegments(parsePathData(p.data))) {
      for (const q of polygon) {
        x0 = Math.min(x0, q.x);
        y0 = Math.min(y0, q.y);
        x1 = Math.max(x1, q.x);
        y1 = Math.max(y1, q.y);
      }
    }
  }
  return x0 <= x1 && y0 <= y1 ? { x0, y0, x1, y1 } : null;
}

/** True when the outlines' bounds overlap the canvas rectangle [0, W] × [0, H] with some area. */
export function overlapsCanvas(paths: readonly PathData[], width: number, height: number): boolean {
  const b = outlineBounds(paths);
  return b !== null && b.x0 < width && b.y0 < height && b.x1 > 0 && b.y1 > 0 && b.x1 > b.x0 && b.y1 > b.y0;
}

function isInside(outline: Outline, x: number, y: number): boolean {
  let winding = 0;
  for (const polygon of outline.polygons) {
    for (let i = 0; i < polygon.length; i++) {
      const a = polygon[i]!;
      const b = polygon[(i + 1) % polygon.length]!;
      if ((a.y <= y) === (b.y <= y)) continue;
      const crossX = a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
      if (crossX > x) winding += b.y > a.y ? 1 : -1;
    }
  }
  return outline.evenOdd ? winding % 2 !== 0 : winding !== 0;
}
