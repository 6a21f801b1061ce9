import type { RgbaImage } from '../engine/types.js';

/**
 * A box blur of radius r (a (2r+1)² mean) on all four channels, edges replicated, with running sums:
 * the cost does not depend on r. Rows then columns; memory is one image plus one row or column.
 */
export function boxBlurRgba(image: RgbaImage, radius: number): RgbaImage {
  const { width, height } = image;
  const across = new Uint8ClampedArray(image.data.length);
  blurLines(image.data, across, height, width, width * 4, 4, radius);
  const out = new Uint8ClampedArray(image.data.length);
  blurLines(across, out, width, height, 4, width * 4, radius);
  return { width, height, data: out };
}

/** Blur `lines` lines of `length` pixels; a line starts at line·lineStep, pixels are pixelStep apart. */
function blurLines(src: Uint8ClampedArray, dst: Uint8ClampedArray, lines: number, length: number, lineStep: number, pixelStep: number, r: number): void {
  const size = 2 * r + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    const at = (i: number) => base + Math.min(length - 1, Math.max(0, i)) * pixelStep;
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let i = -r; i <= r; i++) sum += src[at(i) + c]!;
      for (let i = 0; i < length; i++) {
        dst[base + i * pixelStep + c] = sum / size;
        sum += src[at(i + r + 1) + c]! - src[at(i - r) + c]!;
      }
    }
  }
}
