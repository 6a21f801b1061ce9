import type { RgbaImage } from '../engine/types.js';

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
  let sumOfMeans = 0;
  let sumOfSquaredMeans = 0;
  let sumOfVariances = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!band[y * width + x]) continue;
      let sum = 0;
      let squares = 0;
      let n = 0;
      for (let dy = Math.max(-radius, -y); dy <= Math.min(radius, height - 1 - y); dy++) {
        for (let dx = Math.max(-radius, -x); dx <= Math.min(radius, width - 1 - x); dx++) {
          const q = (y + dy) * width + x + dx;
          if (hole[q]) continue;
          sum += luma[q]!;
          squares += luma[q]! * luma[q]!;
          n++;
        }
      }
      const mean = sum / n;
      sumOfMeans += mean;
      sumOfSquaredMeans += mean * mean;
      sumOfVariances += Math.max(0, squares / n - mean * mean);
      count++;
    }
  }
  if (count === 0) return 0;
  const layout = Math.max(0, sumOfSquaredMeans / count - (sumOfMeans / count) ** 2);
  const grain = sumOfVariances / count;
  return grain > 0 ? layout / grain : layout > 0 ? Infinity : 0;
}
