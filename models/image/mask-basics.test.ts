import { describe, expect, it } from 'vitest';
import { maskFrom } from '../../test/full-resolution/random-cases.js';
import { binarizeMask } from './mask-binarize.js';
import { maskBounds } from './mask-bounds.js';
import { maskCoverage } from './mask-coverage.js';
import { maskFromAlpha } from './mask-from-alpha.js';
import { invertMask } from './mask-invert.js';

const raw = { width: 4, height: 2, data: new Uint8Array([0, 127, 128, 255, 10, 200, 0, 0]) };

describe('mask basics', () => {
  it('binarizes at 128, as the engine reads masks', () => {
    expect([...binarizeMask(raw).data]).toEqual([0, 0, 255, 255, 0, 255, 0, 0]);
    expect([...binarizeMask(raw, 200).data]).toEqual([0, 0, 0, 255, 0, 255, 0, 0]);
  });

  it('inverts to a binary mask', () => {
    expect([...invertMask(raw).data]).toEqual([255, 255, 0, 0, 255, 0, 255, 255]);
  });

  it('measures coverage', () => {
    expect(maskCoverage(raw)).toBe(3 / 8);
    expect(maskCoverage({ width: 0, height: 0, data: new Uint8Array(0) })).toBe(0);
  });

  it('marks transparent pixels from alpha', () => {
    const image = { width: 3, height: 1, data: new Uint8ClampedArray([9, 9, 9, 0, 9, 9, 9, 127, 9, 9, 9, 128]) };
    expect([...maskFromAlpha(image).data]).toEqual([255, 255, 0]);
    expect([...maskFromAlpha(image, 1).data]).toEqual([255, 0, 0]);
  });

  it('finds the bounding box, also within a rectangle, and none for an empty mask', () => {
    const mask = maskFrom(20, 10, (x, y) => (x >= 3 && x < 7 && y >= 2 && y < 5) || (x === 15 && y === 8));
    expect(maskBounds(mask)).toEqual({ x: 3, y: 2, width: 13, height: 7 });
    expect(maskBounds(mask, { x: 0, y: 0, width: 10, height: 10 })).toEqual({ x: 3, y: 2, width: 4, height: 3 });
    expect(maskBounds(mask, { x: 8, y: 0, width: 5, height: 10 })).toBeUndefined();
    expect(maskBounds(maskFrom(5, 5, () => false))).toBeUndefined();
  });
});
