/**
 * 2×3 affine matrices in Figma's layout ([[a, c, e], [b, d, f]]), the way Figma's `relativeTransform`,
 * `absoluteTransform` and an image paint's `imageTransform` are written. Pure: no Figma calls.
 */
import type { Matrix } from '../protocol/messages.js';

export type { Matrix };

export interface Point {
  x: number;
  y: number;
}

export const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

/** a ∘ b: apply b first, then a. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1], a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2]],
    [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1], a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2]],
  ];
}

/** Composes left to right as written: compose(a, b, c) = a ∘ b ∘ c (c applies first). */
export function compose(...matrices: Matrix[]): Matrix {
  return matrices.reduce((result, m) => multiply(result, m), IDENTITY);
}

export function invert(m: Matrix): Matrix {
  const [[a, c, e], [b, d, f]] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error('The layer has a transform that cannot be inverted (zero size or scale).');
  const ia = d / det;
  const ic = -c / det;
  const ib = -b / det;
  const id = a / det;
  return [
    [ia, ic, -(ia * e + ic * f)],
    [ib, id, -(ib * e + id * f)],
  ];
}

export function apply(m: Matrix, x: number, y: number): Point {
  return { x: m[0][0] * x + m[0][1] * y + m[0][2], y: m[1][0] * x + m[1][1] * y + m[1][2] };
}

export function translation(x: number, y: number): Matrix {
  return [
    [1, 0, x],
    [0, 1, y],
  ];
}

export function scaling(sx: number, sy = sx): Matrix {
  return [
    [sx, 0, 0],
    [0, sy, 0],
  ];
}

/** Lengths of the images of the unit x and y vectors: how many target units one source unit spans. */
export function axisScales(m: Matrix): { x: number; y: number } {
  return { x: Math.hypot(m[0][0], m[1][0]), y: Math.hypot(m[0][1], m[1][1]) };
}

/**
 * Splits `m` into a rigid transform (rotation, flip, translation: what a Figma layer's transform may be)
 * and per-axis scales, m = rigid ∘ scaling(x, y). Null when the axes are skewed (not perpendicular).
 */
export function splitRigid(m: Matrix): { rigid: Matrix; scaleX: number; scaleY: number } | null {
  const { x: sx, y: sy } = axisScales(m);
  if (sx < 1e-12 || sy < 1e-12) return null;
  const dot = m[0][0] * m[0][1] + m[1][0] * m[1][1];
  if (Math.abs(dot) > 1e-6 * sx * sy) return null;
  return {
    rigid: [
      [m[0][0] / sx, m[0][1] / sy, m[0][2]],
      [m[1][0] / sx, m[1][1] / sy, m[1][2]],
    ],
    scaleX: sx,
    scaleY: sy,
  };
}

/** Rounds away float noise (1e-9), as Figma reports transforms; keeps results stable in tests and data. */
export function tidy(m: Matrix): Matrix {
  const r = (v: number) => {
    const rounded = Math.round(v * 1e9) / 1e9;
    return rounded === 0 ? 0 : rounded;
  };
  return [
    [r(m[0][0]), r(m[0][1]), r(m[0][2])],
    [r(m[1][0]), r(m[1][1]), r(m[1][2])],
  ];
}
