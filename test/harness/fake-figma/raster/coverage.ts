/**
 * Polygon coverage with antialiasing: SUB sample rows per pixel, exact horizontal
 * span coverage on each row. Output is a coverage mask limited to the shape's pixel bbox.
 */
import type { Point } from '../matrix.js';

export type FillRule = 'NONZERO' | 'EVENODD';

/** Coverage in 0..1 over the pixel rectangle [x0, x1) × [y0, y1). */
export interface Coverage {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  data: Float32Array;
}

const SUB = 5; // sample rows per pixel row

export function emptyCoverage(): Coverage {
  return { x0: 0, y0: 0, x1: 0, y1: 0, data: new Float32Array(0) };
}

export function fullCoverage(width: number, height: number): Coverage {
  return { x0: 0, y0: 0, x1: width, y1: height, data: new Float32Array(width * height).fill(1) };
}

export function coverageAt(c: Coverage, x: number, y: number): number {
  if (x < c.x0 || x >= c.x1 || y < c.y0 || y >= c.y1) return 0;
  return c.data[(y - c.y0) * (c.x1 - c.x0) + (x - c.x0)]!;
}

interface Edge {
  x0: number;
  y0: number;
  y1: number;
  dxdy: number;
  dir: number;
}

export function rasterizePolygons(polys: readonly Point[][], width: number, height: number, rule: FillRule = 'NONZERO'): Coverage {
  const edges: Edge[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polys) {
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i]!;
      const b = poly[(i + 1) % poly.length]!;
      minX = Math.min(minX, a.x);
      maxX = Math.max(maxX, a.x);
      minY = Math.min(minY, a.y);
      maxY = Math.max(maxY, a.y);
      if (a.y === b.y) continue;
      const [p, q, dir] = a.y < b.y ? [a, b, 1] : [b, a, -1];
      edges.push({ x0: p.x, y0: p.y, y1: q.y, dxdy: (q.x - p.x) / (q.y - p.y), dir });
    }
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(width, Math.ceil(maxX));
  const y1 = Math.min(height, Math.ceil(maxY));
  if (edges.length === 0 || x1 <= x0 || y1 <= y0) return emptyCoverage();
  const w = x1 - x0;
  const data = new Float32Array(w * (y1 - y0));
  edges.sort((a, b) => a.y0 - b.y0);
  const xs: { x: number; dir: number }[] = [];
  const weight = 1 / SUB;
  for (let py = y0; py < y1; py++) {
    const row = (py - y0) * w;
    for (let s = 0; s < SUB; s++) {
      const sy = py + (s + 0.5) / SUB;
      xs.length = 0;
      for (const e of edges) {
        if (e.y0 > sy) break;
        if (sy >= e.y1) continue;
        xs.push({ x: e.x0 + (sy - e.y0) * e.dxdy, dir: e.dir });
      }
      if (xs.length < 2) continue;
      xs.sort((a, b) => a.x - b.x);
      let wind = 0;
      for (let k = 0; k < xs.length - 1; k++) {
        const cur = xs[k]!;
        wind = rule === 'EVENODD' ? wind ^ 1 : wind + cur.dir;
        if (wind === 0) continue;
        addSpan(data, row, x0, x1, cur.x, xs[k + 1]!.x, weight);
      }
    }
  }
  return { x0, y0, x1, y1: y1, data };
}

/** Add `weight` × horizontal overlap of [a, b) with each pixel in the row. */
function addSpan(data: Float32Array, row: number, x0: number, x1: number, a: number, b: number, weight: number): void {
  const lo = Math.max(a, x0);
  const hi = Math.min(b, x1);
  if (hi <= lo) return;
  const pa = Math.floor(lo);
  const pb = Math.min(x1 - 1, Math.floor(hi));
  if (pa === pb) {
    data[row + pa - x0]! += (hi - lo) * weight;
    return;
  }
  data[row + pa - x0]! += (pa + 1 - lo) * weight;
  for (let p = pa + 1; p < pb; p++) data[row + p - x0]! += weight;
  if (pb < x1) data[row + pb - x0]! += (hi - pb) * weight;
}

/** Pointwise product (intersection) of two masks; null means "no clip". */
export function intersectCoverage(a: Coverage | null, b: Coverage): Coverage {
  if (!a) return b;
  const x0 = Math.max(a.x0, b.x0);
  const y0 = Math.max(a.y0, b.y0);
  const x1 = Math.min(a.x1, b.x1);
  const y1 = Math.min(a.y1, b.y1);
  if (x1 <= x0 || y1 <= y0) return emptyCoverage();
  const w = x1 - x0;
  const data = new Float32Array(w * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) data[(y - y0) * w + (x - x0)] = coverageAt(a, x, y) * coverageAt(b, x, y);
  }
  return { x0, y0, x1, y1, data };
}

/**
 * Pointwise `f(a, b)` over `box`: 'union' (where either is), 'first' (where `a` is) or 'both' (where both
 * are). Boolean operations: max (union), a·(1−b) (subtract), a·b (intersect), a+b−2ab (exclude).
 */
export function combineCoverage(a: Coverage, b: Coverage, box: 'union' | 'first' | 'both', f: (a: number, b: number) => number): Coverage {
  const emptyA = a.x1 <= a.x0 || a.y1 <= a.y0;
  const emptyB = b.x1 <= b.x0 || b.y1 <= b.y0;
  let x0: number;
  let y0: number;
  let x1: number;
  let y1: number;
  if (box === 'union') {
    if (emptyA) return emptyB ? emptyCoverage() : b;
    if (emptyB) return a;
    [x0, y0, x1, y1] = [Math.min(a.x0, b.x0), Math.min(a.y0, b.y0), Math.max(a.x1, b.x1), Math.max(a.y1, b.y1)];
  } else if (box === 'first') {
    if (emptyA) return emptyCoverage();
    [x0, y0, x1, y1] = [a.x0, a.y0, a.x1, a.y1];
  } else {
    [x0, y0, x1, y1] = [Math.max(a.x0, b.x0), Math.max(a.y0, b.y0), Math.min(a.x1, b.x1), Math.min(a.y1, b.y1)];
  }
  if (x1 <= x0 || y1 <= y0) return emptyCoverage();
  const w = x1 - x0;
  const data = new Float32Array(w * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      data[(y - y0) * w + (x - x0)] = Math.min(1, Math.max(0, f(Math.min(1, coverageAt(a, x, y)), Math.min(1, coverageAt(b, x, y)))));
    }
  }
  return { x0, y0, x1, y1, data };
}
