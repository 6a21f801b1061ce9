import type { RgbaImage } from '../engine/types.js';
import { boxMeans } from './box-means.js';

/**
 * How much a hole's surroundings change from place to place (layout) against how much they change
 * within a few pixels (grain): over the kept pixels of `band`, the variance of the luma's local means
 * (boxes of `radius`, kept pixels only) over the mean of the variances within those boxes. Gravel,
 * grass, brick or fur seen whole are one texture all round the hole: their local means barely move
 * and the ratio stays below 1. Different things side by side (a cup's rim over a saucer, a face above
 * a collar) move the local means far more than their grain: the ratio is several. A flat surround has
 * neither (0 / 0): 0. Flat colours with an edge between them (a mockup) score high: only the boxes
 * across the edge vary within; where each box sees one flat colour (the edge hidden under the hole),
 * Infinity.
 */
export function layoutOverGrain(image: RgbaImage, hole: Uint8Array, band: Uint8Array, radius: number): number {
  const { width, height, data } = image;
  const luma = new Float32Array(width * height);
  for (let p = 0; p < luma.length; p++) luma[p] = 0.299 * data[p * 4]! + 0.587 * data[p * 4 + 1]! + 0.114 * data[p * 4 + 2]!;
  const kept = hole.map((h) => 1 - h);
  const means = boxMeans(luma, kept, band, width, height, radius);
  const squares = boxMeans(luma.map((v) => v * v), kept, band, width, height, radius);
  let sumOfMeans = 0;
  let sumOfSquaredMeans = 0;
  let sumOfVariances = 0;
  let count = 0;
  for (let p = 0; p < band.length; p++) {
    if (!band[p]) continue;
    const mean = means[p]!;
    sumOfMeans += mean;
    sumOfSquaredMeans += mean * mean;
    sumOfVariances += Math.max(0, squares[p]! - mean * mean);
    count++;
  }
  if (count === 0) return 0;
  const layout = Math.max(0, sumOfSquaredMeans / count - (sumOfMeans / count) ** 2);
  const grain = sumOfVariances / count;
  return grain > 0 ? layout / grain : layout > 0 ? Infinity : 0;
}
