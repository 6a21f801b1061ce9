/** Test support: small images whose pixels say where they came from. Node-only: never bundled. */
import { decode, encode } from 'fast-png';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 6×4 opaque pixels, every channel different, so a misplaced or flipped pixel shows. */
export function pattern(): Pixels {
  const data = new Uint8Array(6 * 4 * 4);
  for (let i = 0; i < 24; i++) data.set([(i * 10) % 256, (i * 37 + 5) % 256, 255 - i * 9, 255], i * 4);
  return { width: 6, height: 4, data };
}

/** Opaque pixels whose red is 4·x and green 4·y: a rendering tells which image pixel shows where. */
export function coordinateImage(width: number, height: number): Pixels {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x * 4, y * 4, 128, 255], (y * width + x) * 4);
  return { width, height, data };
}

/** What the window does with the preview engine: decode, invert RGB, encode as PNG. */
export function invertedPng(image: Uint8Array): Uint8Array {
  const decoded = decode(image);
  const data = Uint8Array.from(decoded.data as Uint8Array, (value, i) => (i % 4 === 3 ? value : 255 - value));
  return encode({ width: decoded.width, height: decoded.height, data, channels: 4, depth: 8 });
}

export function solidPng(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return encode({ width, height, data, channels: 4, depth: 8 });
}

/** A crop of an RGBA image as PNG. */
export function cropPng(image: Pixels, x: number, y: number, width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    data.set(image.data.subarray(((y + row) * image.width + x) * 4, ((y + row) * image.width + x + width) * 4), row * width * 4);
  }
  return encode({ width, height, data, channels: 4, depth: 8 });
}
