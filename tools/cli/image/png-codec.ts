import { convertIndexedToRgb, decode, encode, type DecodedPng } from 'fast-png';
import type { MaskImage, RgbaImage } from '../../../models/engine/types.js';

/**
 * Any PNG as 8-bit straight RGBA, the engine's image: grey, grey+alpha, RGB, RGBA or palette; 1 to 16
 * bits; a tRNS colour key becomes alpha 0. Throws fast-png's own error for bytes that are not a PNG.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const png = decode(bytes);
  const { width, height } = png;
  const pixels = width * height;
  const { samples, channels, max } = readSamples(png);
  // tRNS on grey or RGB images: one colour that stands for transparent (palettes carry alpha already).
  const key = png.palette || !png.transparency?.length ? undefined : png.transparency;
  const grey = channels < 3;
  const hasAlpha = channels === 2 || channels === 4;
  const to8 = (v: number) => (max === 255 ? v : Math.round((v * 255) / max));
  const data = new Uint8ClampedArray(pixels * 4);
  for (let i = 0, s = 0; i < pixels; i++, s += channels) {
    const r = samples[s]!;
    const g = grey ? r : samples[s + 1]!;
    const b = grey ? r : samples[s + 2]!;
    const keyed = key !== undefined && r === key[0] && (grey || (g === key[1] && b === key[2]));
    data[i * 4] = to8(r);
    data[i * 4 + 1] = to8(g);
    data[i * 4 + 2] = to8(b);
    data[i * 4 + 3] = keyed ? 0 : to8(hasAlpha ? samples[s + channels - 1]! : max);
  }
  return { width, height, data };
}

/** 8-bit RGBA PNG, alpha as it is (never premultiplied). */
export function encodePng(image: RgbaImage): Uint8Array {
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return encode({ width: image.width, height: image.height, data, channels: 4, depth: 8 });
}

/** A mask as an 8-bit grey PNG, one byte a pixel as it is held (255 selected, 0 not). */
export function encodeMaskPng(mask: MaskImage): Uint8Array {
  return encode({ width: mask.width, height: mask.height, data: mask.data, channels: 1, depth: 8 });
}

/** One sample per entry and the largest sample value: palettes expanded, sub-byte rows unpacked. */
function readSamples(png: DecodedPng): { samples: ArrayLike<number>; channels: number; max: number } {
  if (png.palette) return { samples: convertIndexedToRgb(png), channels: png.palette[0]?.length ?? 3, max: 255 };
  const max = 2 ** png.depth - 1;
  if (png.depth >= 8) return { samples: png.data, channels: png.channels, max };
  // Below 8 bits (greyscale only, in PNG) fast-png leaves each row packed, starting on a byte.
  const rowBytes = Math.ceil((png.width * png.depth) / 8);
  const samples = new Uint8Array(png.width * png.height);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const bit = x * png.depth;
      samples[y * png.width + x] = (png.data[y * rowBytes + (bit >> 3)]! >> (8 - png.depth - (bit & 7))) & max;
    }
  }
  return { samples, channels: 1, max };
}
