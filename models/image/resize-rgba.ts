import type { RgbaImage } from '../engine/types.js';
import { filterTaps } from './resample-filter.js';

/**
 * Resize straight RGBA with a separable Lanczos-3 filter (antialiased on downscale), rows first, then
 * columns, with a float intermediate of dstWidth x srcHeight. Same size returns an exact copy. All four
 * channels are filtered alike (straight alpha: colours under fully transparent pixels can bleed, which
 * is harmless for the model, which reads RGB only). Results are rounded half to even and clamped.
 */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  if (width === image.width && height === image.height) {
    return { width, height, data: new Uint8ClampedArray(image.data) };
  }
  const src = image.data;
  const sw = image.width;
  const sh = image.height;
  const across = new Float32Array(width * sh * 4);
  const h = filterTaps(sw, width);
  for (let y = 0; y < sh; y++) {
    const srcRow = y * sw * 4;
    const dstRow = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = h.offsets[x]!; k < h.offsets[x + 1]!; k++) {
        const w = h.weight[k]!;
        const s = srcRow + h.index[k]! * 4;
        r += src[s]! * w;
        g += src[s + 1]! * w;
        b += src[s + 2]! * w;
        a += src[s + 3]! * w;
      }
      const d = dstRow + x * 4;
      across[d] = r;
      across[d + 1] = g;
      across[d + 2] = b;
      across[d + 3] = a;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  const v = filterTaps(sh, height);
  const rowBytes = width * 4;
  for (let y = 0; y < height; y++) {
    const dstRow = y * rowBytes;
    const start = v.offsets[y]!;
    const end = v.offsets[y + 1]!;
    for (let i = 0; i < rowBytes; i++) {
      let sum = 0;
      for (let k = start; k < end; k++) sum += across[v.index[k]! * rowBytes + i]! * v.weight[k]!;
      data[dstRow + i] = sum; // Uint8ClampedArray rounds half to even and clamps to 0..255
    }
  }
  return { width, height, data };
}
