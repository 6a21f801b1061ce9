/** Small image fixtures for the fake-figma tests. */
import { decode } from 'fast-png';
import { encodePng, type Rgba } from '../raster/rgba.js';

/** w×h image where every pixel is (r, g, b, a). */
export function solidRgba(w: number, h: number, [r, g, b, a = 255]: number[]): Rgba {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i += 4) data.set([r!, g!, b!, a], i);
  return { width: w, height: h, data };
}

/** Four quadrants: red TL, green TR, blue BL, white BR — orientation is visible in pixels. */
export function quadrantsRgba(w: number, h: number): Rgba {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const left = x < w / 2;
      const top = y < h / 2;
      const c = top ? (left ? [255, 0, 0] : [0, 255, 0]) : left ? [0, 0, 255] : [255, 255, 255];
      data.set([...c, 255], (y * w + x) * 4);
    }
  }
  return { width: w, height: h, data };
}

export function png(img: Rgba): Uint8Array {
  return encodePng(img);
}

/** Decode PNG bytes to { width, height, px(x, y) } for pixel asserts. */
export function decoded(bytes: Uint8Array): { width: number; height: number; px(x: number, y: number): number[] } {
  const d = decode(bytes);
  const ch = d.channels;
  return {
    width: d.width,
    height: d.height,
    px: (x, y) => Array.from(d.data.subarray((y * d.width + x) * ch, (y * d.width + x) * ch + ch)),
  };
}
