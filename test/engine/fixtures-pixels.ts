import type { MaskImage, RgbaImage } from '../../models/engine/types.js';

/** A smooth colour gradient with a varying alpha, so every channel carries information. */
export function gradientImage(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / (width - 1);
      data[i + 1] = (y * 255) / (height - 1);
      data[i + 2] = ((x + y) * 127) / (width + height);
      data[i + 3] = 200 + ((x * 7 + y) % 56);
    }
  }
  return { width, height, data };
}

/** 255 inside the rectangle [x0, x1) x [y0, y1), 0 elsewhere. */
export function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) data.fill(255, y * width + x0, y * width + x1);
  return { width, height, data };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
