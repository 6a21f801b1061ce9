import type { MaskImage, RgbaImage } from '../engine/types.js';

/** Per-channel (R, G, B) gain and offset: corrected = gain · value + offset. */
export interface ColorCorrection {
  gain: [number, number, number];
  offset: [number, number, number];
  /** How many ring pixels the statistics came from. */
  samples: number;
}

export interface ColorMatchOptions {
  /** Gains are kept within [1/maxGain, maxGain], so a flat ring cannot blow up contrast (default 2). */
  maxGain?: number;
  /** Below this many ring pixels nothing is corrected (default 16). */
  minSamples?: number;
}

/**
 * The per-channel transform that makes `result`'s mean and standard deviation over the `ring` pixels
 * (ring byte > 0) equal to `source`'s there. The ring is a band just outside the repainted area, where
 * the model only re-encoded the source: any difference there is the VAE's colour drift, and the same
 * transform applied inside the mask removes it at the border. Identity when the ring is too small.
 */
export function matchRingColors(result: RgbaImage, source: RgbaImage, ring: MaskImage, options: ColorMatchOptions = {}): ColorCorrection {
  const maxGain = options.maxGain ?? 2;
  const sums = new Float64Array(12); // per channel: result sum, result sum², source sum, source sum²
  let samples = 0;
  for (let p = 0; p < ring.data.length; p++) {
    if (!ring.data[p]) continue;
    samples++;
    for (let c = 0; c < 3; c++) {
      const r = result.data[p * 4 + c]!;
      const s = source.data[p * 4 + c]!;
      sums[c * 4]! += r;
      sums[c * 4 + 1]! += r * r;
      sums[c * 4 + 2]! += s;
      sums[c * 4 + 3]! += s * s;
    }
  }
  const identity: ColorCorrection = { gain: [1, 1, 1], offset: [0, 0, 0], samples };
  if (samples < (options.minSamples ?? 16)) return identity;
  for (let c = 0; c < 3; c++) {
    const meanR = sums[c * 4]! / samples;
    const meanS = sums[c * 4 + 2]! / samples;
    const stdR = Math.sqrt(Math.max(0, sums[c * 4 + 1]! / samples - meanR * meanR));
    const stdS = Math.sqrt(Math.max(0, sums[c * 4 + 3]! / samples - meanS * meanS));
    // A near-flat ring says nothing about contrast: correct the mean only.
    const gain = stdR < 1 || stdS < 1 ? 1 : Math.min(maxGain, Math.max(1 / maxGain, stdS / stdR));
    identity.gain[c] = gain;
    identity.offset[c] = meanS - gain * meanR;
  }
  return identity;
}

/** Apply a correction in place to the RGB of the pixels where `where` > 0. Alpha is untouched. */
export function applyColorCorrection(image: RgbaImage, correction: ColorCorrection, where: MaskImage): void {
  const { gain, offset } = correction;
  if (gain.every((g) => g === 1) && offset.every((o) => o === 0)) return;
  for (let p = 0; p < where.data.length; p++) {
    if (!where.data[p]) continue;
    for (let c = 0; c < 3; c++) image.data[p * 4 + c] = gain[c]! * image.data[p * 4 + c]! + offset[c]!;
  }
}
