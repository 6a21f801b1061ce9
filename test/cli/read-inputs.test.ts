/**
 * Reading pictures and masks, no model: every PNG kind fast-png decodes becomes straight RGBA, masks read
 * their first channel over black, and each problem a batch reports by name has its own words.
 */
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { maskFromPng } from '../../tools/cli/image/mask-from-png.js';
import { decodePng } from '../../tools/cli/image/png-codec.js';
import { readInputs } from '../../tools/cli/run/read-inputs.js';
import { useTempDirs } from './cli-files.js';

const tempDir = useTempDirs();
const pixels = (image: { data: ArrayLike<number> }) => Array.from(image.data);

describe('decodePng', () => {
  it('reads grey, grey+alpha, RGB, 16-bit, 1-bit and palette PNGs as 8-bit straight RGBA', () => {
    expect(pixels(decodePng(encode({ width: 2, height: 1, channels: 1, depth: 8, data: new Uint8Array([0, 200]) })))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    expect(pixels(decodePng(encode({ width: 1, height: 1, channels: 2, depth: 8, data: new Uint8Array([90, 40]) })))).toEqual([90, 90, 90, 40]);
    expect(pixels(decodePng(encode({ width: 1, height: 1, channels: 3, depth: 8, data: new Uint8Array([1, 2, 3]) })))).toEqual([1, 2, 3, 255]);
    expect(pixels(decodePng(encode({ width: 1, height: 1, channels: 4, depth: 16, data: new Uint16Array([65535, 257, 0, 32896]) })))).toEqual([255, 1, 0, 128]);
    // 1 bit, 10 pixels: rows are packed and padded to a byte (0b10100000, 0b01000000).
    const bits = decodePng(encode({ width: 10, height: 1, channels: 1, depth: 1, data: new Uint8Array([0b10100000, 0b01000000]) }));
    expect(pixels(bits).filter((_, i) => i % 4 === 0)).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 0, 255]);
    const palette = decodePng(encode({ width: 2, height: 1, channels: 1, depth: 8, data: new Uint8Array([1, 0]), palette: [[40, 50, 60, 0], [10, 20, 30, 255]] }));
    expect(pixels(palette)).toEqual([10, 20, 30, 255, 40, 50, 60, 0]);
  });

  it('makes a tRNS colour key transparent', () => {
    // Four pixels: fast-png refuses a tRNS with more samples (3) than the image has pixels.
    const rgb = encode({ width: 4, height: 1, channels: 3, depth: 8, data: new Uint8Array([9, 9, 9, 1, 2, 3, 9, 9, 8, 9, 9, 9]) });
    // fast-png writes no tRNS for RGB: add the chunk (key 9, 9, 9 as three 16-bit samples) before IDAT.
    const keyed = decodePng(withChunk(rgb, 'tRNS', new Uint8Array([0, 9, 0, 9, 0, 9])));
    expect(pixels(keyed).filter((_, i) => i % 4 === 3)).toEqual([0, 255, 255, 0]);
  });
});

describe('maskFromPng', () => {
  it('repaints where the first channel, seen over black, is 128 or more: transparent white does not count', () => {
    const image = { width: 4, height: 1, data: new Uint8ClampedArray([255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 0, 255, 255, 255, 128]) };
    expect(Array.from(maskFromPng(image).data)).toEqual([255, 255, 0, 128]);
  });
});

describe('readInputs', () => {
  const png = (dir: string, name: string, width: number, height: number, value: number) =>
    writeFile(join(dir, name), encode({ width, height, channels: 1, depth: 8, data: new Uint8Array(width * height).fill(value) }));

  it('names the file and the problem: missing, not a PNG, another size, nothing masked', async () => {
    const dir = tempDir();
    const image = png(dir, 'in.png', 8, 8, 100);
    await expect(readInputs(image, join(dir, 'none.png'))).rejects.toThrow(`there is no mask ${join(dir, 'none.png')}.`);
    writeFileSync(join(dir, 'text.png'), 'not a png');
    await expect(readInputs(join(dir, 'text.png'), undefined)).rejects.toThrow(/^the picture text\.png is not a PNG that can be read/);
    await expect(readInputs(image, png(dir, 'small.png', 4, 8, 255))).rejects.toThrow(/is 4x8 but the picture is 8x8/);
    await expect(readInputs(image, png(dir, 'black.png', 8, 8, 0))).rejects.toThrow(/marks nothing to repaint/);
    const { mask } = await readInputs(image, png(dir, 'white.png', 8, 8, 255));
    expect(mask?.data.every((v) => v === 255)).toBe(true);
  });
});

function writeFile(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}

/** `png` with one more chunk just before its first IDAT. */
function withChunk(png: Uint8Array, type: string, body: Uint8Array): Uint8Array {
  const idat = Buffer.from(png).indexOf('IDAT') - 4;
  const chunk = Buffer.alloc(12 + body.length);
  chunk.writeUInt32BE(body.length, 0);
  chunk.write(type, 4, 'latin1');
  chunk.set(body, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
  return Buffer.concat([png.subarray(0, idat), chunk, png.subarray(idat)]);
}
