import { describe, expect, it } from 'vitest';
import { randomImage, seededRandom } from '../../test/full-resolution/random-cases.js';
import { boxBlurRgba } from './box-blur.js';
import { outpaintCanvas } from './outpaint-canvas.js';
import { outpaintMask } from './outpaint-mask.js';
import { extendCanvas } from './outpaint-prefill.js';

const source = randomImage(seededRandom(4), 20, 10);
const canvas = outpaintCanvas(source, { kind: 'sides', left: 5, top: 3, right: 0, bottom: 7 });

describe('outpaint prefill and mask', () => {
  it('replicates edges outward, opaque, and keeps the source bytes', () => {
    const out = extendCanvas(source, canvas, 'replicate');
    expect([out.width, out.height]).toEqual([25, 20]);
    const at = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];
    for (let y = 0; y < 10; y++) for (let x = 0; x < 20; x++) expect(at(out, x + 5, y + 3)).toEqual(at(source, x, y));
    expect(at(out, 0, 0).slice(0, 3)).toEqual(at(source, 0, 0).slice(0, 3));
    expect(at(out, 0, 0)[3]).toBe(255);
    expect(at(out, 24, 19).slice(0, 3)).toEqual(at(source, 19, 9).slice(0, 3));
  });

  it('blurs only the new area', () => {
    const out = extendCanvas(source, canvas, 'blur', 2);
    const replicate = extendCanvas(source, canvas, 'replicate');
    for (let y = 3; y < 13; y++) expect(out.data.subarray((y * 25 + 5) * 4, (y * 25 + 25) * 4)).toEqual(replicate.data.subarray((y * 25 + 5) * 4, (y * 25 + 25) * 4));
    expect(out.data.subarray(0, 25 * 4)).not.toEqual(replicate.data.subarray(0, 25 * 4));
  });

  it('masks the new area plus an overlap band along the edges that border it', () => {
    const mask = outpaintMask(source, canvas, 2);
    const marked = (x: number, y: number) => mask.data[y * 25 + x] === 255;
    expect(marked(0, 0)).toBe(true);
    expect(marked(6, 8)).toBe(true); // 2 px band inside the left edge (source starts at x = 5)
    expect(marked(7, 8)).toBe(false);
    expect(marked(24, 8)).toBe(false); // right edge borders no new area: no band
    expect(marked(10, 4)).toBe(true); // band under the top edge (source starts at y = 3)
    expect(marked(10, 5)).toBe(false);
    expect(marked(10, 11)).toBe(true); // band above the bottom edge (source ends at y = 13)
  });

  it('box blur keeps a constant image and averages a step', () => {
    const flat = { width: 9, height: 4, data: new Uint8ClampedArray(144).fill(90) };
    expect(boxBlurRgba(flat, 3).data.every((v) => v === 90)).toBe(true);
    const step = { width: 9, height: 1, data: new Uint8ClampedArray(36) };
    for (let x = 5; x < 9; x++) step.data.fill(255, x * 4, x * 4 + 4);
    expect(boxBlurRgba(step, 1).data[4 * 4]).toBe(85); // (0 + 0 + 255) / 3
  });
});
