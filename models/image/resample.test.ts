import { describe, expect, it } from 'vitest';
import { randomImage, randomInt, seededRandom } from '../../test/full-resolution/random-cases.js';
import { filterTaps, lanczos3 } from './resample-filter.js';
import { resizeMaskCovering } from './resize-mask.js';
import { resizeRgba } from './resize-rgba.js';

function grey(width: number, height: number, value: (x: number, y: number) => number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(value(x, y), (y * width + x) * 4, (y * width + x) * 4 + 4);
  return { width, height, data };
}

describe('Lanczos-3 filter', () => {
  it('is 1 at 0, 0 at the other integers and past the radius', () => {
    expect(lanczos3(0)).toBe(1);
    for (const k of [1, 2, -1, -2]) expect(Math.abs(lanczos3(k))).toBeLessThan(1e-15);
    expect(lanczos3(3)).toBe(0);
    expect(lanczos3(-3.5)).toBe(0);
    expect(lanczos3(0.5)).toBeCloseTo(0.6079, 4);
  });

  it('has taps that sum to 1 and stay inside the source', () => {
    for (const [src, dst] of [[100, 37], [37, 100], [8, 8], [1, 5], [5, 1]] as const) {
      const taps = filterTaps(src, dst);
      for (let i = 0; i < dst; i++) {
        let sum = 0;
        for (let k = taps.offsets[i]!; k < taps.offsets[i + 1]!; k++) {
          sum += taps.weight[k]!;
          expect(taps.index[k]).toBeGreaterThanOrEqual(0);
          expect(taps.index[k]).toBeLessThan(src);
        }
        expect(sum).toBeCloseTo(1, 6);
      }
    }
  });
});

describe('resizeRgba', () => {
  it('copies exactly at the same size', () => {
    const image = randomImage(seededRandom(1), 13, 9);
    const same = resizeRgba(image, 13, 9);
    expect(same.data).toEqual(image.data);
    expect(same.data).not.toBe(image.data);
  });

  it('keeps a constant image exactly constant at any scale', () => {
    const next = seededRandom(2);
    for (let trial = 0; trial < 10; trial++) {
      const image = grey(randomInt(next, 1, 40), randomInt(next, 1, 40), () => 173);
      const out = resizeRgba(image, randomInt(next, 1, 60), randomInt(next, 1, 60));
      expect(out.data.every((v) => v === 173)).toBe(true);
    }
  });

  it('reproduces a linear ramp away from the borders (within 1 level)', () => {
    const ramp = grey(64, 4, (x) => 40 + 2 * x);
    for (const width of [32, 48, 100, 128]) {
      const out = resizeRgba(ramp, width, 4);
      const scale = 64 / width;
      for (let x = 4; x < width - 4; x++) {
        const expected = 40 + 2 * ((x + 0.5) * scale - 0.5);
        expect(Math.abs(out.data[(width + x) * 4]! - expected)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('antialiases on downscale: a 1-px checkerboard halves to flat grey (exact inside, 6 levels at the replicated border)', () => {
    const checker = grey(64, 64, (x, y) => ((x + y) % 2 ? 255 : 0));
    const out = resizeRgba(checker, 32, 32);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const border = Math.min(x, y, 31 - x, 31 - y) < 3;
        expect(Math.abs(out.data[(y * 32 + x) * 4]! - 127.5)).toBeLessThanOrEqual(border ? 6 : 0.5);
      }
    }
  });

  it('round-trips a smooth image down by 2.5x and back within 3 levels', () => {
    const smooth = grey(160, 120, (x, y) => 128 + 80 * Math.sin(x / 15) * Math.cos(y / 12));
    const back = resizeRgba(resizeRgba(smooth, 64, 48), 160, 120);
    let worst = 0;
    for (let y = 10; y < 110; y++) for (let x = 10; x < 150; x++) worst = Math.max(worst, Math.abs(back.data[(y * 160 + x) * 4]! - smooth.data[(y * 160 + x) * 4]!));
    expect(worst).toBeLessThanOrEqual(3);
  });
});

describe('resizeMaskCovering', () => {
  it('never loses a marked pixel, at any scale', () => {
    const next = seededRandom(3);
    for (let trial = 0; trial < 30; trial++) {
      const width = randomInt(next, 1, 50);
      const height = randomInt(next, 1, 50);
      const mask = { width, height, data: new Uint8Array(width * height) };
      const px = randomInt(next, 0, width - 1);
      const py = randomInt(next, 0, height - 1);
      mask.data[py * width + px] = 200;
      const w = randomInt(next, 1, 50);
      const h = randomInt(next, 1, 50);
      const out = resizeMaskCovering(mask, w, h);
      // The output pixel whose footprint holds (px, py) is marked.
      const ox = Math.min(w - 1, Math.floor(((px + 0.5) * w) / width));
      const oy = Math.min(h - 1, Math.floor(((py + 0.5) * h) / height));
      expect(out.data[oy * w + ox]).toBe(255);
      expect(out.data.some((v) => v !== 0 && v !== 255)).toBe(false);
    }
  });

  it('is the identity at the same size (binarized)', () => {
    const mask = { width: 3, height: 1, data: new Uint8Array([0, 130, 255]) };
    expect([...resizeMaskCovering(mask, 3, 1).data]).toEqual([0, 255, 255]);
  });
});
