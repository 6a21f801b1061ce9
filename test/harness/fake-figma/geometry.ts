/** Fill outlines of the primitive shapes, as path segments in the node's own (local) space. */
import { mapPath, type Segment } from './path.js';

const KAPPA = 0.5522847498307936; // cubic approximation of a quarter circle

export function rectPath(w: number, h: number, radius = 0): Segment[] {
  const r = Math.max(0, Math.min(radius, w / 2, h / 2));
  if (r === 0) {
    return [
      { op: 'M', x: 0, y: 0 },
      { op: 'L', x: w, y: 0 },
      { op: 'L', x: w, y: h },
      { op: 'L', x: 0, y: h },
      { op: 'Z' },
    ];
  }
  const k = r * (1 - KAPPA);
  return [
    { op: 'M', x: r, y: 0 },
    { op: 'L', x: w - r, y: 0 },
    { op: 'C', x1: w - k, y1: 0, x2: w, y2: k, x: w, y: r },
    { op: 'L', x: w, y: h - r },
    { op: 'C', x1: w, y1: h - k, x2: w - k, y2: h, x: w - r, y: h },
    { op: 'L', x: r, y: h },
    { op: 'C', x1: k, y1: h, x2: 0, y2: h - k, x: 0, y: h - r },
    { op: 'L', x: 0, y: r },
    { op: 'C', x1: 0, y1: k, x2: k, y2: 0, x: r, y: 0 },
    { op: 'Z' },
  ];
}

export function ellipsePath(w: number, h: number): Segment[] {
  const rx = w / 2;
  const ry = h / 2;
  const kx = rx * KAPPA;
  const ky = ry * KAPPA;
  return [
    { op: 'M', x: w, y: ry },
    { op: 'C', x1: w, y1: ry + ky, x2: rx + kx, y2: h, x: rx, y: h },
    { op: 'C', x1: rx - kx, y1: h, x2: 0, y2: ry + ky, x: 0, y: ry },
    { op: 'C', x1: 0, y1: ry - ky, x2: rx - kx, y2: 0, x: rx, y: 0 },
    { op: 'C', x1: rx + kx, y1: 0, x2: w, y2: ry - ky, x: w, y: ry },
    { op: 'Z' },
  ];
}

/** Regular polygon / star inscribed in the w×h ellipse, first point at top centre (as Figma draws them). */
export function starPath(w: number, h: number, points: number, innerRatio: number | null): Segment[] {
  const n = Math.max(3, Math.round(points));
  const verts = innerRatio === null ? n : n * 2;
  const segs: Segment[] = [];
  for (let i = 0; i < verts; i++) {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / verts;
    const r = innerRatio !== null && i % 2 === 1 ? innerRatio : 1;
    segs.push({ op: i === 0 ? 'M' : 'L', x: (w / 2) * (1 + r * Math.cos(a)), y: (h / 2) * (1 + r * Math.sin(a)) });
  }
  segs.push({ op: 'Z' });
  return segs;
}

/**
 * A rectangle's outline moved outwards by `d` (inwards when negative), as a stroke's edge: sharp corners stay
 * sharp, rounded ones grow or shrink with it.
 */
export function offsetRectPath(w: number, h: number, radius: number, d: number): Segment[] {
  const r = radius > 0 ? Math.max(0, radius + d) : 0;
  return shifted(rectPath(Math.max(0, w + 2 * d), Math.max(0, h + 2 * d), r), d);
}

/** An ellipse's outline moved outwards by `d` (an ellipse with axes grown by `d`: close to the true offset). */
export function offsetEllipsePath(w: number, h: number, d: number): Segment[] {
  return shifted(ellipsePath(Math.max(0, w + 2 * d), Math.max(0, h + 2 * d)), d);
}

function shifted(segments: Segment[], d: number): Segment[] {
  return mapPath(segments, (x, y) => ({ x: x - d, y: y - d }));
}
