/**
 * For each pixel where `at` is 1, the mean of `values` over the pixels of `over` within the square of
 * `radius` around it (clipped to the picture); 0 elsewhere, and where that square holds none of `over`.
 */
export function boxMeans(values: Float32Array, over: Uint8Array, at: Uint8Array, width: number, height: number, radius: number): Float32Array {
  const means = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!at[p]) continue;
      let sum = 0;
      let count = 0;
      for (let dy = Math.max(-radius, -y); dy <= Math.min(radius, height - 1 - y); dy++) {
        for (let dx = Math.max(-radius, -x); dx <= Math.min(radius, width - 1 - x); dx++) {
          const q = p + dy * width + dx;
          if (!over[q]) continue;
          sum += values[q]!;
          count++;
        }
      }
      if (count > 0) means[p] = sum / count;
    }
  }
  return means;
}
