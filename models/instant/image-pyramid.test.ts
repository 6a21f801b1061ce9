import { describe, expect, it } from 'vitest';
import { halveLevel } from './image-pyramid.js';

describe('halveLevel', () => {
  it('rounds odd sides up, marks a coarse pixel hole if any fine one is, and averages kept 2x2s', () => {
    const width = 3;
    const height = 3;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < 9; p++) rgba.set([p * 10, 100, 200, 255], p * 4);
    const hole = new Uint8Array(9);
    hole[8] = 1; // bottom-right corner
    const sampling = new Uint8Array(9);
    sampling[5] = 1; // right column, middle row: in the top-right coarse pixel only
    const coarse = halveLevel({ width, height, rgba, hole, sampling });
    expect([coarse.width, coarse.height]).toEqual([2, 2]);
    expect([...coarse.hole]).toEqual([0, 0, 0, 1]);
    expect([...coarse.sampling]).toEqual([0, 1, 0, 0]);
    // Top-left 2x2 holds pixels 0, 1, 3, 4: red (0 + 10 + 30 + 40) / 4 = 20.
    expect([...coarse.rgba.subarray(0, 4)]).toEqual([20, 100, 200, 255]);
    // Top-right has only column 2 (pixels 2 and 5), counted twice: red (20 + 50) / 2 = 35.
    expect(coarse.rgba[4]).toBe(35);
  });
});
