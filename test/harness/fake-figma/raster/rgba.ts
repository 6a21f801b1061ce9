/**
 * Pixel buffers. `Rgba` is the public, byte-valued straight-alpha image (what PNG
 * holds and tests assert on); `Surface` is the renderer's premultiplied float canvas.
 */
import { decode, encode } from 'fast-png';

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface Surface {
  width: number;
  height: number;
  /** Premultiplied RGBA in 0..1. */
  data: Float32Array;
}

export function createRgba(width: number, height: number): Rgba {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

export function createSurface(width: number, height: number): Surface {
  return { width, height, data: new Float32Array(width * height * 4) };
}

export function fillSurface(s: Surface, r: number, g: number, b: number, a = 1): void {
  for (let i = 0; i < s.data.length; i += 4) {
    s.data[i] = r * a;
    s.data[i + 1] = g * a;
    s.data[i + 2] = b * a;
    s.data[i + 3] = a;
  }
}

/** Composite `src` over `dst` (same size) scaled by `opacity`. */
export function compositeSurface(dst: Surface, src: Surface, opacity = 1): void {
  const d = dst.data;
  const s = src.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = s[i + 3]! * opacity;
    if (a <= 0) continue;
    const k = 1 - a;
    d[i] = s[i]! * opacity + d[i]! * k;
    d[i + 1] = s[i + 1]! * opacity + d[i + 1]! * k;
    d[i + 2] = s[i + 2]! * opacity + d[i + 2]! * k;
    d[i + 3] = a + d[i + 3]! * k;
  }
}

export function surfaceToRgba(s: Surface): Rgba {
  const out = createRgba(s.width, s.height);
  const d = s.data;
  const o = out.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]!;
    if (a <= 1e-6) continue; // fully transparent stays 0,0,0,0
    o[i] = Math.round((d[i]! / a) * 255);
    o[i + 1] = Math.round((d[i + 1]! / a) * 255);
    o[i + 2] = Math.round((d[i + 2]! / a) * 255);
    o[i + 3] = Math.round(a * 255);
  }
  return out;
}

export function pixelAt(img: Rgba, x: number, y: number): [number, number, number, number] {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
}

export function encodePng(img: Rgba): Uint8Array {
  return encode({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), channels: 4, depth: 8 });
}

/** Decode any PNG (grey/grey+alpha/RGB/RGBA/palette, 1-16 bit) to 8-bit straight RGBA. */
export function decodePngToRgba(bytes: Uint8Array): Rgba {
  const png = decode(bytes);
  const { width, height } = png;
  const out = createRgba(width, height);
  const o = out.data;
  const n = width * height;
  if (png.palette) {
    const pal = png.palette;
    const idx = unpackSamples(png.data, png.depth, width, height, 1);
    for (let i = 0; i < n; i++) {
      const c = pal[idx[i]!] ?? [0, 0, 0, 255];
      o[i * 4] = c[0]!;
      o[i * 4 + 1] = c[1]!;
      o[i * 4 + 2] = c[2]!;
      o[i * 4 + 3] = c[3] ?? 255;
    }
    return out;
  }
  const ch = png.channels;
  const samples = unpackSamples(png.data, png.depth, width, height, ch);
  const max = 2 ** png.depth - 1;
  const to8 = (v: number): number => (png.depth === 8 ? v : Math.round((v / max) * 255));
  for (let i = 0; i < n; i++) {
    const s = i * ch;
    if (ch >= 3) {
      o[i * 4] = to8(samples[s]!);
      o[i * 4 + 1] = to8(samples[s + 1]!);
      o[i * 4 + 2] = to8(samples[s + 2]!);
      o[i * 4 + 3] = ch === 4 ? to8(samples[s + 3]!) : 255;
    } else {
      const g = to8(samples[s]!);
      o[i * 4] = g;
      o[i * 4 + 1] = g;
      o[i * 4 + 2] = g;
      o[i * 4 + 3] = ch === 2 ? to8(samples[s + 1]!) : 255;
    }
  }
  return out;
}

/** fast-png leaves sub-byte depths packed per row; spread them to one sample per entry. */
function unpackSamples(data: ArrayLike<number>, depth: number, width: number, height: number, channels: number): ArrayLike<number> {
  if (depth >= 8) return data;
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * rowBytes + (bit >> 3)]!;
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}
