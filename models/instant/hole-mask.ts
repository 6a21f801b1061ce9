import type { MaskImage } from '../engine/types.js';

/** 1 where the mask asks for a repaint (>= 128, as everywhere in models/), else 0. */
export function holeFromMask(mask: MaskImage): Uint8Array {
  const hole = new Uint8Array(mask.width * mask.height);
  for (let i = 0; i < hole.length; i++) hole[i] = mask.data[i]! >= 128 ? 1 : 0;
  return hole;
}

/**
 * Square (Chebyshev) dilation: 1 wherever a set pixel lies within `radius` in x and y. Two separable
 * passes with a running count, so the cost does not grow with the radius.
 */
export function dilateSquare(set: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius <= 0) return set.slice();
  const rows = new Uint8Array(set.length);
  for (let y = 0; y < height; y++) slidingAny(set, rows, y * width, 1, width, radius);
  const out = new Uint8Array(set.length);
  for (let x = 0; x < width; x++) slidingAny(rows, out, x, width, height, radius);
  return out;
}

/** out[i] = any of in[i - radius .. i + radius] along one line of `length` pixels `stride` apart. */
function slidingAny(input: Uint8Array, out: Uint8Array, start: number, stride: number, length: number, radius: number): void {
  let count = 0;
  for (let i = 0; i < Math.min(radius, length); i++) count += input[start + i * stride]!;
  for (let i = 0; i < length; i++) {
    const enter = i + radius;
    if (enter < length) count += input[start + enter * stride]!;
    const leave = i - radius - 1;
    if (leave >= 0) count -= input[start + leave * stride]!;
    out[start + i * stride] = count > 0 ? 1 : 0;
  }
}

/** What `chamferDistance` gives a hole pixel that no kept pixel reaches (nothing is kept). */
export const UNREACHED = 1 << 28;

/**
 * Per pixel, its distance from the nearest kept pixel (0 on kept pixels), by two chamfer passes:
 * `straight` for a step along a row or column, `diagonal` for a diagonal one (1 and 1 give the exact
 * chessboard distance; 3 and 4, in thirds of a pixel, come within a few per cent of Euclidean).
 */
export function chamferDistance(hole: Uint8Array, width: number, height: number, straight: number, diagonal: number): Int32Array {
  const distance = new Int32Array(hole.length);
  for (let i = 0; i < hole.length; i++) distance[i] = hole[i] ? UNREACHED : 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!hole[i]) continue;
      let d = distance[i]!;
      if (x > 0) d = Math.min(d, distance[i - 1]! + straight);
      if (y > 0) {
        d = Math.min(d, distance[i - width]! + straight);
        if (x > 0) d = Math.min(d, distance[i - width - 1]! + diagonal);
        if (x < width - 1) d = Math.min(d, distance[i - width + 1]! + diagonal);
      }
      distance[i] = d;
    }
  }
  for (let y = height - 1, i = hole.length - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--, i--) {
      if (!hole[i]) continue;
      let d = distance[i]!;
      if (x < width - 1) d = Math.min(d, distance[i + 1]! + straight);
      if (y < height - 1) {
        d = Math.min(d, distance[i + width]! + straight);
        if (x < width - 1) d = Math.min(d, distance[i + width + 1]! + diagonal);
        if (x > 0) d = Math.min(d, distance[i + width - 1]! + diagonal);
      }
      distance[i] = d;
    }
  }
  return distance;
}

/**
 * How deep the hole goes: the largest Chebyshev distance from a hole pixel to the nearest kept pixel
 * (1 for a hole one pixel thick). It sets how many pyramid levels the fill needs, which a bounding box
 * would overstate for a long thin stroke. Infinity when nothing is kept.
 */
export function holeDepth(hole: Uint8Array, width: number, height: number): number {
  const distance = chamferDistance(hole, width, height, 1, 1);
  let deepest = 0;
  for (let i = 0; i < hole.length; i++) if (hole[i] && distance[i]! > deepest) deepest = distance[i]!;
  return deepest >= UNREACHED ? Infinity : deepest;
}

/** A rectangle of pixels, inclusive bounds. */
export interface PixelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/**
 * The hole's bounding box grown by `margin` on every side and clipped to the picture; undefined when
 * nothing is hole. Work that only concerns the hole and its surroundings runs there, not over the
 * whole picture.
 */
export function holeBounds(hole: Uint8Array, width: number, height: number, margin: number): PixelBox | undefined {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      if (!hole[p]) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return undefined;
  left = Math.max(0, left - margin);
  top = Math.max(0, top - margin);
  right = Math.min(width - 1, right + margin);
  bottom = Math.min(height - 1, bottom + margin);
  return { left, top, right, bottom, width: right - left + 1, height: bottom - top + 1 };
}
