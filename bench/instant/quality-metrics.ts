import type { RgbaImage } from '../../models/engine/types.js';

/** Scores within a region (1 = scored), against the truth. */
export interface RegionScores {
  /** dB over RGB; 100 where the region is byte-identical. */
  psnr: number;
  /** Mean SSIM of luma over the region's pixels (7x7 windows, which may reach outside the region). */
  ssim: number;
  /** Mean gradient-magnitude similarity (Xue et al., GMSD) of luma: do the edges continue as they should? */
  edge: number;
}

/**
 * Detail ratio: the mean |Laplacian| of the result's luma over the region divided by the truth's. A
 * smooth fill (Telea's radial streaks, a blurred patch) scores far below 1; a fill with the
 * surroundings' grain scores near 1, whether or not the grain lines up with the truth's (which SSIM
 * and PSNR punish, and this does not). NaN where the truth has no detail there.
 */
export function detailRatio(result: RgbaImage, truth: RgbaImage, region: Uint8Array): number {
  return meanOver(laplacianMagnitude(luma(result), result.width, result.height), region) / meanOver(laplacianMagnitude(luma(truth), truth.width, truth.height), region);
}

/** |4-neighbour Laplacian| of luma, edges clamped. */
function laplacianMagnitude(v: Float64Array, width: number, height: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const down = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - 1);
      const right = Math.min(width - 1, x + 1);
      const p = y * width + x;
      out[p] = Math.abs(v[up + x]! + v[down + x]! + v[y * width + left]! + v[y * width + right]! - 4 * v[p]!);
    }
  }
  return out;
}

export function scoreRegion(result: RgbaImage, truth: RgbaImage, region: Uint8Array): RegionScores {
  return { psnr: psnr(result, truth, region), ssim: meanOver(ssimMap(luma(result), luma(truth), result.width, result.height), region), edge: meanOver(gradientSimilarity(luma(result), luma(truth), result.width, result.height), region) };
}

function psnr(result: RgbaImage, truth: RgbaImage, region: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < region.length; p++) {
    if (!region[p]) continue;
    for (let ch = 0; ch < 3; ch++) sum += (result.data[p * 4 + ch]! - truth.data[p * 4 + ch]!) ** 2;
    count += 3;
  }
  return sum === 0 ? 100 : Math.min(100, 10 * Math.log10((255 * 255 * count) / sum));
}

function luma(image: RgbaImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  for (let p = 0; p < out.length; p++) out[p] = 0.299 * image.data[p * 4]! + 0.587 * image.data[p * 4 + 1]! + 0.114 * image.data[p * 4 + 2]!;
  return out;
}

function meanOver(map: Float64Array, region: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < region.length; p++) if (region[p]) (sum += map[p]!), count++;
  return count ? sum / count : NaN;
}

const SSIM_RADIUS = 3;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** SSIM (Wang et al. 2004) at every pixel with a uniform 7x7 window, clipped at the picture's edges. */
function ssimMap(a: Float64Array, b: Float64Array, width: number, height: number): Float64Array {
  const product = (f: (i: number) => number) => boxMean(Float64Array.from({ length: a.length }, (_, i) => f(i)), width, height, SSIM_RADIUS);
  const ma = boxMean(a, width, height, SSIM_RADIUS);
  const mb = boxMean(b, width, height, SSIM_RADIUS);
  const aa = product((i) => a[i]! * a[i]!);
  const bb = product((i) => b[i]! * b[i]!);
  const ab = product((i) => a[i]! * b[i]!);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const va = aa[i]! - ma[i]! ** 2;
    const vb = bb[i]! - mb[i]! ** 2;
    const cov = ab[i]! - ma[i]! * mb[i]!;
    out[i] = ((2 * ma[i]! * mb[i]! + C1) * (2 * cov + C2)) / ((ma[i]! ** 2 + mb[i]! ** 2 + C1) * (va + vb + C2));
  }
  return out;
}

/** Mean over a (2r+1)² window clipped to the picture, from a summed-area table. */
function boxMean(values: Float64Array, width: number, height: number, r: number): Float64Array {
  const stride = width + 1;
  const table = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += values[y * width + x]!;
      table[(y + 1) * stride + x + 1] = table[y * stride + x + 1]! + row;
    }
  }
  const out = new Float64Array(values.length);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const sum = table[y1 * stride + x1]! - table[y0 * stride + x1]! - table[y1 * stride + x0]! + table[y0 * stride + x0]!;
      out[y * width + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** GMSD's constant for 0-255 luma with Prewitt gradients divided by 3. */
const GMS_C = 170;

function gradientSimilarity(a: Float64Array, b: Float64Array, width: number, height: number): Float64Array {
  const ga = prewittMagnitude(a, width, height);
  const gb = prewittMagnitude(b, width, height);
  return ga.map((g, i) => (2 * g * gb[i]! + GMS_C) / (g * g + gb[i]! ** 2 + GMS_C));
}

function prewittMagnitude(v: Float64Array, width: number, height: number): Float64Array {
  const at = (x: number, y: number) => v[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  const out = new Float64Array(v.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let gx = 0;
      let gy = 0;
      for (let d = -1; d <= 1; d++) {
        gx += at(x + 1, y + d) - at(x - 1, y + d);
        gy += at(x + d, y + 1) - at(x + d, y - 1);
      }
      out[y * width + x] = Math.hypot(gx / 3, gy / 3);
    }
  }
  return out;
}
