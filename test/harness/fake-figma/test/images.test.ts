import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createFakeFigma, MAX_IMAGE_SIDE } from '../index.js';
import { sha1Hex } from '../sha1.js';
import { png, solidRgba } from './helpers.js';

describe('fake figma: images', () => {
  it('createImage hashes PNG bytes (SHA-1) and gives bytes and size back', async () => {
    const { api } = createFakeFigma();
    const bytes = png(solidRgba(3, 2, [10, 20, 30]));
    const img = api.createImage(bytes);
    expect(img.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(await img.getSizeAsync()).toEqual({ width: 3, height: 2 });
    expect(await img.getBytesAsync()).toEqual(bytes);
    expect(api.getImageByHash(img.hash)?.hash).toBe(img.hash);
    expect(api.getImageByHash('0'.repeat(40))).toBeNull();
    expect(api.createImage(bytes).hash).toBe(img.hash);
  });

  it('hashes with SHA-1 (known vectors)', () => {
    expect(sha1Hex(new TextEncoder().encode('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex(new Uint8Array(0))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex(new Uint8Array(1000).fill(97))).toBe(createHash('sha1').update(new Uint8Array(1000).fill(97)).digest('hex'));
  });

  it(`refuses images larger than ${MAX_IMAGE_SIDE} px on either side`, () => {
    const { api } = createFakeFigma();
    expect(() => api.createImage(png(solidRgba(MAX_IMAGE_SIDE + 1, 2, [0, 0, 0])))).toThrow(/Image is too large/);
    expect(() => api.createImage(png(solidRgba(2, MAX_IMAGE_SIDE + 1, [0, 0, 0])))).toThrow(/Image is too large/);
    expect(api.createImage(png(solidRgba(MAX_IMAGE_SIDE, 1, [0, 0, 0]))).hash).toHaveLength(40);
  });

  it('refuses bytes that are not PNG/JPEG/GIF, and JPEG without a decoder', () => {
    const { api } = createFakeFigma();
    expect(() => api.createImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(/unsupported/);
    const jpegHeader = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 10, 0, 20, 3, 0, 0, 0]);
    expect(() => api.createImage(jpegHeader)).toThrow(/JPEG is not supported here/);
  });

  it('accepts JPEG through an injected async decoder (the browser route)', async () => {
    const fake = createFakeFigma({ imageDecoder: async () => solidRgba(20, 10, [0, 0, 255]) });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 10, 0, 20, 3, 0, 0, 0]);
    const img = fake.api.createImage(jpeg);
    expect(await img.getSizeAsync()).toEqual({ width: 20, height: 10 });
    await fake.whenImagesDecoded();
    const r = fake.api.createRectangle();
    r.resize(20, 10);
    r.fills = [{ type: 'IMAGE', imageHash: img.hash, scaleMode: 'FILL' }];
    expect(Array.from(fake.renderNode(r).data.subarray(0, 4))).toEqual([0, 0, 255, 255]);
  });
});
