import type { RgbaImage } from '../engine/types.js';

// Pillow's fixed-point resampling of 8-bit images (Resample.c): weights scaled by 2^22, sums rounded.
const PRECISION_BITS = 32 - 8 - 2;
const ROUND = 1 << (PRECISION_BITS - 1);
const SCALE = 1 << PRECISION_BITS;

interface Taps {
  /** First source sample of each output sample. */
  first: Int32Array;
  /** Number of source samples each output reads. */
  count: Int32Array;
  /** Fixed-point weights, `size` per output. */
  weight: Int32Array;
  size: number;
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for its triangle (BILINEAR) filter. */
function bilinearTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weight = new Int32Array(outSize * size);
  const raw = new Float64Array(size);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5)) - lo;
    let sum = 0;
    for (let x = 0; x < hi; x++) {
      const t = Math.abs((x + lo - centre + 0.5) / filterScale);
      raw[x] = t < 1 ? 1 - t : 0;
      sum += raw[x]!;
    }
    for (let x = 0; x < hi; x++) {
      const w = sum !== 0 ? raw[x]! / sum : raw[x]!;
      weight[i * size + x] = w < 0 ? Math.trunc(-0.5 + w * SCALE) : Math.trunc(0.5 + w * SCALE);
    }
    first[i] = lo;
    count[i] = hi;
  }
  return { first, count, weight, size };
}

function clip8(sum: number): number {
  if (sum >= SCALE * 256) return 255;
  if (sum <= 0) return 0;
  return sum >> PRECISION_BITS;
}

/**
 * `PIL.Image.resize(size, Image.BILINEAR)` on an 8-bit image, bit for bit: Pillow's antialiased triangle
 * filter (support widened by the scale when shrinking), horizontal pass first into 8-bit rows (only the rows
 * the vertical pass reads), then the vertical pass. What transformers' image processors do to a picture before
 * a model sees it (SamImageProcessor: `resample: 2`). All four channels alike.
 */
export function resizeBilinearPil(image: RgbaImage, width: number, height: number): RgbaImage {
  const { width: sw, height: sh, data: src } = image;
  if (width === sw && height === sh) return { width, height, data: new Uint8ClampedArray(src) };
  const across = bilinearTaps(sw, width);
  const down = bilinearTaps(sh, height);
  const rowFirst = height > 0 ? down.first[0]! : 0;
  const rowEnd = height > 0 ? down.first[height - 1]! + down.count[height - 1]! : 0;
  let rows = src;
  let rowOffset = 0;
  if (width !== sw) {
    rows = new Uint8ClampedArray(width * (rowEnd - rowFirst) * 4);
    rowOffset = rowFirst;
    for (let y = rowFirst; y < rowEnd; y++) {
      const inRow = y * sw * 4;
      const outRow = (y - rowFirst) * width * 4;
      for (let x = 0; x < width; x++) {
        const lo = across.first[x]!;
        const n = across.count[x]!;
        const k = x * across.size;
        let r = ROUND;
        let g = ROUND;
        let b = ROUND;
        let a = ROUND;
        for (let t = 0; t < n; t++) {
          const w = across.weight[k + t]!;
          const s = inRow + (lo + t) * 4;
          r += src[s]! * w;
          g += src[s + 1]! * w;
          b += src[s + 2]! * w;
          a += src[s + 3]! * w;
        }
        const d = outRow + x * 4;
        rows[d] = clip8(r);
        rows[d + 1] = clip8(g);
        rows[d + 2] = clip8(b);
        rows[d + 3] = clip8(a);
      }
    }
  }
  if (height === sh) return { width, height, data: rows };
  const out = new Uint8ClampedArray(width * height * 4);
  const stride = width * 4;
  for (let y = 0; y < height; y++) {
    const lo = down.first[y]! - rowOffset;
    const n = down.count[y]!;
    const k = y * down.size;
    const outRow = y * stride;
    for (let c = 0; c < stride; c++) {
      let sum = ROUND;
      for (let t = 0; t < n; t++) sum += rows[(lo + t) * stride + c]! * down.weight[k + t]!;
      out[outRow + c] = clip8(sum);
    }
  }
  return { width, height, data: out };
}
