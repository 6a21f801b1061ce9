/**
 * 2x3 affine transforms in Figma's layout: [[m00, m01, m02], [m10, m11, m12]].
 * A point p maps to (m00*x + m01*y + m02, m10*x + m11*y + m12).
 */
export type Transform = [[number, number, number], [number, number, number]];

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const IDENTITY: Transform = [
  [1, 0, 0],
  [0, 1, 0],
];

export function identity(): Transform {
  return [
    [1, 0, 0],
    [0, 1, 0],
  ];
}

export function cloneTransform(t: Transform): Transform {
  return [
    [t[0][0], t[0][1], t[0][2]],
    [t[1][0], t[1][1], t[1][2]],
  ];
}

/** a ∘ b: apply b first, then a. */
export function multiply(a: Transform, b: Transform): Transform {
  return [
    [
      a[0][0] * b[0][0] + a[0][1] * b[1][0],
      a[0][0] * b[0][1] + a[0][1] * b[1][1],
      a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2],
    ],
    [
      a[1][0] * b[0][0] + a[1][1] * b[1][0],
      a[1][0] * b[0][1] + a[1][1] * b[1][1],
      a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2],
    ],
  ];
}

export function invert(t: Transform): Transform {
  const [[a, b, c], [d, e, f]] = t;
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) throw new Error('fake figma: transform is not invertible');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [
    [ia, ib, -(ia * c + ib * f)],
    [id, ie, -(id * c + ie * f)],
  ];
}

export function apply(t: Transform, x: number, y: number): Point {
  return { x: t[0][0] * x + t[0][1] * y + t[0][2], y: t[1][0] * x + t[1][1] * y + t[1][2] };
}

export function translation(x: number, y: number): Transform {
  return [
    [1, 0, x],
    [0, 1, y],
  ];
}

export function scaling(sx: number, sy = sx): Transform {
  return [
    [sx, 0, 0],
    [0, sy, 0],
  ];
}

/**
 * Figma's rotation: degrees, positive = counterclockwise on screen (y points down), so the
 * matrix is [[cos, sin], [-sin, cos]] and rotation = atan2(-m10, m00).
 */
export function rotationMatrix(degrees: number, x = 0, y = 0): Transform {
  const r = (degrees * Math.PI) / 180;
  const c = cleanTrig(Math.cos(r));
  const s = cleanTrig(Math.sin(r));
  return [
    [c, s, x],
    [-s, c, y],
  ];
}

export function rotationOf(t: Transform): number {
  const deg = (Math.atan2(-t[1][0], t[0][0]) * 180) / Math.PI;
  return deg === -180 ? 180 : deg === 0 ? 0 : deg; // no -0
}

/** Keep sin/cos of multiples of 90° exact so axis-aligned layouts stay pixel-exact. */
function cleanTrig(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-12 ? r : v;
}

/** Axis-aligned bounds of a w×h box placed by t. */
export function transformedBoxBounds(t: Transform, width: number, height: number): Rect {
  return boundsOfPoints([apply(t, 0, 0), apply(t, width, 0), apply(t, 0, height), apply(t, width, height)]);
}

export function boundsOfPoints(points: readonly Point[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.x < x0) x0 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.x > x1) x1 = p.x;
    if (p.y > y1) y1 = p.y;
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function unionRects(rects: readonly (Rect | null)[]): Rect | null {
  let out: Rect | null = null;
  for (const r of rects) {
    if (!r) continue;
    if (!out) {
      out = { ...r };
      continue;
    }
    const x0 = Math.min(out.x, r.x);
    const y0 = Math.min(out.y, r.y);
    const x1 = Math.max(out.x + out.width, r.x + r.width);
    const y1 = Math.max(out.y + out.height, r.y + r.height);
    out = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }
  return out;
}

export function intersectRects(a: Rect, b: Rect): Rect | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Round away float noise (1e-13) so snapshots and asserts read cleanly. */
export function tidy(v: number): number {
  const r = Math.round(v * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

export function tidyTransform(t: Transform): Transform {
  return [
    [tidy(t[0][0]), tidy(t[0][1]), tidy(t[0][2])],
    [tidy(t[1][0]), tidy(t[1][1]), tidy(t[1][2])],
  ];
}

export function isTransform(v: unknown): v is Transform {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((row) => Array.isArray(row) && row.length === 3 && row.every((n) => typeof n === 'number' && Number.isFinite(n)))
  );
}
