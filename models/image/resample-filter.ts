/** Lanczos window radius: 3 lobes, the usual high-quality choice for photographs. */
export const LANCZOS_RADIUS = 3;

/** The Lanczos-3 kernel: sinc(x)·sinc(x/3) for |x| < 3, else 0. */
export function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (x <= -LANCZOS_RADIUS || x >= LANCZOS_RADIUS) return 0;
  const px = Math.PI * x;
  return (LANCZOS_RADIUS * Math.sin(px) * Math.sin(px / LANCZOS_RADIUS)) / (px * px);
}

/**
 * For each of `dstLength` output samples, the source samples it reads and their normalized weights.
 * Pixel centres are aligned ((i + 0.5) · scale - 0.5). On downscale the kernel is stretched by the
 * scale factor, which low-pass filters (antialiases) before decimating. Taps past the border reuse the
 * edge sample (replicate), so a constant signal stays exactly constant.
 */
export interface FilterTaps {
  /** taps[i] = start offset into `index`/`weight` of output i; taps[dstLength] = total. */
  offsets: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

export function filterTaps(srcLength: number, dstLength: number): FilterTaps {
  const scale = srcLength / dstLength;
  const stretch = Math.max(1, scale);
  const support = LANCZOS_RADIUS * stretch;
  const perOutput = Math.ceil(support) * 2 + 1;
  const offsets = new Int32Array(dstLength + 1);
  const index = new Int32Array(dstLength * perOutput);
  const weight = new Float32Array(dstLength * perOutput);
  const scratch = new Float64Array(perOutput);
  let n = 0;
  for (let i = 0; i < dstLength; i++) {
    offsets[i] = n;
    const centre = (i + 0.5) * scale - 0.5;
    const first = Math.ceil(centre - support);
    const last = Math.floor(centre + support);
    let sum = 0;
    let count = 0;
    for (let j = first; j <= last; j++) {
      const w = lanczos3((j - centre) / stretch);
      if (w === 0) continue;
      scratch[count] = w;
      index[n + count] = Math.min(srcLength - 1, Math.max(0, j));
      sum += w;
      count++;
    }
    for (let k = 0; k < count; k++) weight[n + k] = scratch[k]! / sum;
    n += count;
  }
  offsets[dstLength] = n;
  return { offsets, index, weight };
}
