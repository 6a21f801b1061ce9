import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '../../test/full-resolution/random-cases.js';
import { modelGeometry, modelSizeFor, planContextWindow } from './context-window.js';
import { clampRect, expandRect, rectContains } from './rect.js';

const sd15 = modelGeometry({ sampleSize: 64, vaeScaleFactor: 8, sizeMultiple: 8 });

describe('planContextWindow', () => {
  it('reads the native size from the manifest', () => {
    expect(sd15).toEqual({ nativeSize: 512, sizeMultiple: 8, maxSide: 2048, upscale: true });
  });

  it('runs a window smaller than the native size at its own size when the engine does not upscale', () => {
    const anySize = modelGeometry({ sampleSize: 64, vaeScaleFactor: 8, sizeMultiple: 1, upscale: false });
    expect(modelSizeFor({ width: 384, height: 256 }, anySize)).toEqual({ modelWidth: 384, modelHeight: 256 });
    expect(modelSizeFor({ width: 384, height: 256 }, sd15)).toEqual({ modelWidth: 624, modelHeight: 416 });
    // Larger windows still shrink to about the native pixel count.
    expect(modelSizeFor({ width: 1024, height: 1024 }, anySize)).toEqual({ modelWidth: 512, modelHeight: 512 });
  });

  it('runs a small mask on a large image in a native-size window at scale 1', () => {
    const w = planContextWindow({ x: 1000, y: 800, width: 40, height: 30 }, { width: 4000, height: 3000 }, sd15, { pad: 21 });
    expect(w.rect.width).toBe(512);
    expect(w.rect.height).toBe(512);
    expect([w.modelWidth, w.modelHeight]).toEqual([512, 512]);
    expect(rectContains(w.rect, { x: 1000, y: 800, width: 40, height: 30 })).toBe(true);
  });

  it('property: window inside the image, holds the padded area, at least native where possible, model sides multiples of 8 (500 seeded cases)', () => {
    const next = seededRandom(11);
    for (let trial = 0; trial < 500; trial++) {
      const image = { width: randomInt(next, 1, 16384), height: randomInt(next, 1, 16384) };
      const x = randomInt(next, 0, image.width - 1);
      const y = randomInt(next, 0, image.height - 1);
      const area = { x, y, width: randomInt(next, 1, Math.min(image.width - x, 3000)), height: randomInt(next, 1, Math.min(image.height - y, 3000)) };
      const pad = randomInt(next, 0, 40);
      const w = planContextWindow(area, image, sd15, { pad });
      expect(rectContains({ x: 0, y: 0, ...image }, w.rect)).toBe(true);
      expect(rectContains(w.rect, clampRect(expandRect(area, pad), image))).toBe(true);
      expect(w.rect.width).toBeGreaterThanOrEqual(Math.min(512, image.width));
      expect(w.rect.height).toBeGreaterThanOrEqual(Math.min(512, image.height));
      expect(w.modelWidth % 8).toBe(0);
      expect(w.modelHeight % 8).toBe(0);
      expect(w.modelWidth).toBeGreaterThanOrEqual(8);
      expect(Math.max(w.modelWidth, w.modelHeight)).toBeLessThanOrEqual(2048);
      // About the native pixel count, where the image lets the window keep an aspect within 2:1
      // (thinner images give thinner windows, whose sides round to multiples of 8 or hit maxSide).
      const pixels = w.modelWidth * w.modelHeight;
      const aspect = Math.max(w.rect.width / w.rect.height, w.rect.height / w.rect.width);
      if (aspect <= 2) expect(Math.abs(pixels / 512 ** 2 - 1)).toBeLessThan(0.2);
    }
  });

  it('sizes the model input by aspect', () => {
    expect(modelSizeFor({ width: 1024, height: 512 }, sd15)).toEqual({ modelWidth: 728, modelHeight: 360 });
    expect(modelSizeFor({ width: 64, height: 48 }, modelGeometry({ sampleSize: 8, vaeScaleFactor: 8, sizeMultiple: 8 }))).toEqual({ modelWidth: 72, modelHeight: 56 });
  });
});
