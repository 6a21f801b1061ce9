import type { MaskImage, RgbaImage } from '../../models/engine/types.js';

/** A seeded PRNG for property tests (same seed, same cases, every run). */
export { mulberry32 as seededRandom } from '../bundle/prng.js';

export function randomInt(next: () => number, min: number, max: number): number {
  return min + Math.floor(next() * (max - min + 1));
}

/** A mask of a few random ellipses and rectangles. */
export function randomMask(next: () => number, width: number, height: number, shapes = 1 + randomInt(next, 0, 3)): MaskImage {
  const data = new Uint8Array(width * height);
  for (let s = 0; s < shapes; s++) {
    const cx = next() * width;
    const cy = next() * height;
    const rx = 1 + next() * width * 0.2;
    const ry = 1 + next() * height * 0.2;
    const ellipse = next() < 0.5;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(width, Math.ceil(cx + rx)); x++) {
        if (!ellipse || ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) data[y * width + x] = 128 + randomInt(next, 0, 127);
      }
    }
  }
  return { width, height, data };
}

export function randomImage(next: () => number, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { width, height, data };
}

export function maskFrom(width: number, height: number, marked: (x: number, y: number) => boolean): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = marked(x, y) ? 255 : 0;
  return { width, height, data };
}
