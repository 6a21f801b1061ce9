import type { MaskImage } from '../engine/types.js';

interface Size {
  width: number;
  height: number;
}

/** torch's bilinear interpolation (align_corners=False) along one axis: two taps and a weight per output. */
interface LinearTaps {
  lo: Int32Array;
  hi: Int32Array;
  /** Weights of `lo` and `hi` (float32, as torch's kernel holds them). */
  w0: Float32Array;
  w1: Float32Array;
}

function linearTaps(inSize: number, outSize: number, count = outSize): LinearTaps {
  const scale = Math.fround(inSize / outSize);
  const lo = new Int32Array(count);
  const hi = new Int32Array(count);
  const w0 = new Float32Array(count);
  const w1 = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const source = Math.max(Math.fround(scale * (i + 0.5) - 0.5), 0);
    const index = Math.trunc(source);
    lo[i] = index;
    hi[i] = index < inSize - 1 ? index + 1 : index;
    w1[i] = source - index;
    w0[i] = 1 - w1[i]!;
  }
  return { lo, hi, w0, w1 };
}

/** The row of `src` starting at `offset`, interpolated across into `out`. */
function interpolateRow(src: Float32Array, offset: number, taps: LinearTaps, out: Float32Array): void {
  const { lo, hi, w0, w1 } = taps;
  for (let x = 0; x < out.length; x++) out[x] = w0[x]! * src[offset + lo[x]!]! + w1[x]! * src[offset + hi[x]!]!;
}

/**
 * The decoder's low-resolution logits to the picture's mask, as SamProcessor's `post_process_masks` does it:
 * bilinear to the padded input size, the padding cropped, bilinear to the picture's size, threshold at 0 (> 0 is
 * selected, 255). Only the crop of the first enlargement is computed, and the second runs row by row from two
 * rolling rows, so a 4096² picture costs one pass over its mask bytes and no other picture-sized buffer.
 */
export function upsampleMaskLogits(logits: Float32Array, low: Size, padded: Size, scaled: Size, picture: Size): MaskImage {
  // 1. low -> padded size, cropped to the scaled picture: across, then down.
  const acrossPad = linearTaps(low.width, padded.width, scaled.width);
  const downPad = linearTaps(low.height, padded.height, scaled.height);
  const wide = new Float32Array(low.height * scaled.width);
  for (let y = 0; y < low.height; y++) interpolateRow(logits, y * low.width, acrossPad, wide.subarray(y * scaled.width, (y + 1) * scaled.width));
  const crop = new Float32Array(scaled.height * scaled.width);
  for (let y = 0; y < scaled.height; y++) {
    const a = downPad.lo[y]! * scaled.width;
    const b = downPad.hi[y]! * scaled.width;
    const w0 = downPad.w0[y]!;
    const w1 = downPad.w1[y]!;
    const row = y * scaled.width;
    for (let x = 0; x < scaled.width; x++) crop[row + x] = w0 * wide[a + x]! + w1 * wide[b + x]!;
  }
  // 2. crop -> picture, thresholded as it is written.
  const across = linearTaps(scaled.width, picture.width);
  const down = linearTaps(scaled.height, picture.height);
  const mask = new Uint8Array(picture.width * picture.height);
  let upper = new Float32Array(picture.width);
  let lower = new Float32Array(picture.width);
  let upperRow = -1;
  let lowerRow = -1;
  for (let y = 0; y < picture.height; y++) {
    const r0 = down.lo[y]!;
    const r1 = down.hi[y]!;
    if (r0 !== upperRow) {
      if (r0 === lowerRow) {
        [upper, lower] = [lower, upper];
        lowerRow = -1;
      } else {
        interpolateRow(crop, r0 * scaled.width, across, upper);
      }
      upperRow = r0;
    }
    if (r1 !== lowerRow) {
      interpolateRow(crop, r1 * scaled.width, across, lower);
      lowerRow = r1;
    }
    const w0 = down.w0[y]!;
    const w1 = down.w1[y]!;
    const row = y * picture.width;
    for (let x = 0; x < picture.width; x++) mask[row + x] = w0 * upper[x]! + w1 * lower[x]! > 0 ? 255 : 0;
  }
  return { width: picture.width, height: picture.height, data: mask };
}
