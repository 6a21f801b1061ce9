import type { MaskImage, RgbaImage } from '../engine/types.js';
import { SeededRandom } from '../random/seeded-random.js';

/**
 * Pictures with a known truth under the hole, for tests and the benchmark. Each is made so that an
 * exemplar fill CAN recover the truth (the pattern repeats elsewhere in the picture), which is what
 * makes "error against the truth" a fair measure of a fill that copies rather than invents.
 */
export type PictureKind = 'stripes' | 'checkerboard' | 'gradient' | 'noise-tile';

export function syntheticPicture(kind: PictureKind, width: number, height: number, seed = 7): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const tile = kind === 'noise-tile' ? noiseTile(16, seed) : undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      let rgb: [number, number, number];
      switch (kind) {
        case 'stripes': // diagonal, 8 px a period: a structure a blur cannot fake
          rgb = ((x + y) >> 2) & 1 ? [230, 200, 40] : [30, 60, 200];
          break;
        case 'checkerboard':
          rgb = ((x >> 3) + (y >> 3)) & 1 ? [240, 240, 240] : [20, 20, 20];
          break;
        case 'gradient': {
          const r = Math.round((255 * x) / (width - 1));
          rgb = [r, 255 - r, 128];
          break;
        }
        case 'noise-tile': {
          const t = ((y % 16) * 16 + (x % 16)) * 3;
          rgb = [tile![t]!, tile![t + 1]!, tile![t + 2]!];
          break;
        }
      }
      data[at] = rgb[0];
      data[at + 1] = rgb[1];
      data[at + 2] = rgb[2];
      data[at + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Independent uniform noise everywhere (no repeat): only its statistics can be checked, not its pixels. */
export function noisePicture(width: number, height: number, seed: number): RgbaImage {
  const random = new SeededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i & 3) === 3 ? 255 : random.below(256);
  return { width, height, data };
}

function noiseTile(side: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  const tile = new Uint8Array(side * side * 3);
  for (let i = 0; i < tile.length; i++) tile[i] = random.below(256);
  return tile;
}

/** A filled axis-aligned rectangle mask (clipped to the picture). */
export function rectangleMask(width: number, height: number, left: number, top: number, w: number, h: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = Math.max(0, top); y < Math.min(height, top + h); y++) {
    for (let x = Math.max(0, left); x < Math.min(width, left + w); x++) data[y * width + x] = 255;
  }
  return { width, height, data };
}

/** A filled disc mask (clipped to the picture). */
export function discMask(width: number, height: number, cx: number, cy: number, radius: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) data[y * width + x] = 255;
  }
  return { width, height, data };
}

/** Mean absolute RGB error over the masked pixels, on the 0-255 scale. */
export function holeError(result: RgbaImage, truth: RgbaImage, mask: MaskImage): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < mask.data.length; p++) {
    if (mask.data[p]! < 128) continue;
    for (let ch = 0; ch < 3; ch++) sum += Math.abs(result.data[p * 4 + ch]! - truth.data[p * 4 + ch]!);
    count += 3;
  }
  return sum / count;
}

/** The baseline a fill must beat: every masked pixel set to the mean colour of the kept pixels. */
export function flatFill(image: RgbaImage, mask: MaskImage): RgbaImage {
  const mean = [0, 0, 0, 0];
  let kept = 0;
  for (let p = 0; p < mask.data.length; p++) {
    if (mask.data[p]! >= 128) continue;
    for (let ch = 0; ch < 4; ch++) mean[ch]! += image.data[p * 4 + ch]!;
    kept++;
  }
  const data = new Uint8ClampedArray(image.data);
  for (let p = 0; p < mask.data.length; p++) {
    if (mask.data[p]! < 128) continue;
    for (let ch = 0; ch < 4; ch++) data[p * 4 + ch] = mean[ch]! / kept;
  }
  return { width: image.width, height: image.height, data };
}
