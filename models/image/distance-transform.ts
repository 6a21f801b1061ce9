import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';

const FAR = 1e20;

/**
 * Euclidean distance in pixels from every pixel to the nearest pixel marked to repaint (>= 128):
 * 0 on the mask, 1 next to it, Infinity when the mask is empty. Exact, in linear time
 * (Felzenszwalb & Huttenlocher's lower envelope of parabolas, columns then rows).
 */
export function distanceToMask(mask: MaskImage): Float32Array {
  const { width, height } = mask;
  const squared = new Float32Array(width * height);
  for (let i = 0; i < squared.length; i++) squared[i] = mask.data[i]! >= MASK_THRESHOLD ? 0 : FAR;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = squared[y * width + x]!;
    envelope(f, height, d, v, z);
    for (let y = 0; y < height; y++) squared[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = squared[row + x]!;
    envelope(f, width, d, v, z);
    for (let x = 0; x < width; x++) squared[row + x] = d[x]!;
  }
  for (let i = 0; i < squared.length; i++) {
    const s = squared[i]!;
    squared[i] = s >= FAR / 2 ? Infinity : Math.sqrt(s);
  }
  return squared;
}

/** 1-D squared distance transform of sampled function f over n samples into d. */
function envelope(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const fq = f[q]! + q * q;
    let p = v[k]!;
    let s = (fq - (f[p]! + p * p)) / (2 * (q - p));
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (fq - (f[p]! + p * p)) / (2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}
