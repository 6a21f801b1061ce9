import { describe, expect, it } from 'vitest';
import { maskFrom } from '../../test/full-resolution/random-cases.js';
import { cropRegionMask, findMaskRegions } from './mask-regions.js';

describe('findMaskRegions', () => {
  const mask = maskFrom(400, 300, (x, y) => (x >= 10 && x < 30 && y >= 10 && y < 25) || (x >= 35 && x < 40 && y >= 12 && y < 14) || (x >= 300 && x < 390 && y >= 200 && y < 290));

  it('separates far-apart areas and joins near ones, with exact bounds', () => {
    const found = findMaskRegions(mask, { reach: 18 });
    expect(found.regions).toEqual([
      { x: 10, y: 10, width: 30, height: 15 },
      { x: 300, y: 200, width: 90, height: 90 },
    ]);
  });

  it('never splits pixels closer than reach, whatever the tile size', () => {
    for (const tileSize of [8, 16, 64]) {
      const found = findMaskRegions(mask, { reach: 6, tileSize });
      expect(found.regions[0]).toEqual({ x: 10, y: 10, width: 30, height: 15 });
    }
  });

  it('crops only the chosen region\'s pixels', () => {
    const found = findMaskRegions(mask, { reach: 18 });
    const crop = cropRegionMask(mask, found, new Set([1]), { x: 0, y: 0, width: 400, height: 300 });
    expect(crop.data.filter((v) => v).length).toBe(90 * 90);
  });

  it('finds nothing in an empty mask, and handles unaligned mask bytes', () => {
    expect(findMaskRegions(maskFrom(50, 50, () => false), { reach: 4 }).regions).toEqual([]);
    const buffer = new Uint8Array(1 + 37 * 23);
    const shifted = { width: 37, height: 23, data: buffer.subarray(1) };
    shifted.data[5 * 37 + 33] = 200;
    expect(findMaskRegions(shifted, { reach: 4 }).regions).toEqual([{ x: 33, y: 5, width: 1, height: 1 }]);
  });
});
