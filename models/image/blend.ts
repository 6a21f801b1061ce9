import type { MaskImage, RgbaImage } from '../engine/types.js';

/**
 * Blend `over` onto `base` (same size) through a soft mask, in place on `base`: RGB becomes
 * round(base + (over - base) · alpha / 255); alpha 0 leaves a pixel's bytes exactly as they were and
 * alpha 255 takes `over`'s RGB exactly. `base`'s alpha channel is always kept.
 */
export function blendThroughMask(base: RgbaImage, over: RgbaImage, alpha: MaskImage): void {
  const n = alpha.data.length;
  for (let p = 0; p < n; p++) {
    const a = alpha.data[p]!;
    if (a === 0) continue;
    const i = p * 4;
    if (a === 255) {
      base.data[i] = over.data[i]!;
      base.data[i + 1] = over.data[i + 1]!;
      base.data[i + 2] = over.data[i + 2]!;
      continue;
    }
    const t = a / 255;
    for (let c = 0; c < 3; c++) {
      const b = base.data[i + c]!;
      base.data[i + c] = Math.round(b + (over.data[i + c]! - b) * t);
    }
  }
}
