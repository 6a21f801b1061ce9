import { describe, expect, it } from 'vitest';
import { distanceToMask } from '../../models/image/distance-transform.js';
import { applyPatch, changedBounds } from '../../models/image/patch.js';
import { rectContains } from '../../models/image/rect.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { FakeEngine, newContent } from './fake-engines.js';
import { randomImage, randomInt, randomMask, seededRandom } from './random-cases.js';

describe('full-resolution inpainting: properties over random sizes and masks (fake engine, seeded)', () => {
  it('keeps every byte outside the grown mask, runs windows inside the image at multiples of 8, and the patch holds every change (60 cases)', async () => {
    const next = seededRandom(2024);
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      const width = randomInt(next, 1, 400);
      const height = randomInt(next, 1, 400);
      const image = randomImage(next, width, height);
      const mask = randomMask(next, width, height);
      if (!mask.data.some((v) => v >= 128)) continue;
      const grow = randomInt(next, 0, 12);
      const feather = randomInt(next, 0, 12);
      const engine = new FakeEngine(newContent);
      const source = new Uint8ClampedArray(image.data);
      const result = await inpaintFullResolution(engine, { image, mask, task: 'remove', seed: trial }, { grow, feather, marginPixels: randomInt(next, 0, 64) });
      expect(Buffer.from(image.data.buffer).equals(Buffer.from(source.buffer))).toBe(true); // input never written ('copy' mode)
      const out = result.variations[0]!.image!;
      const distance = distanceToMask(mask);
      let outside = 0;
      let alpha = 0;
      for (let p = 0; p < distance.length; p++) {
        if (distance[p]! > grow) for (let c = 0; c < 4; c++) if (out.data[p * 4 + c] !== source[p * 4 + c]) outside++;
        if (out.data[p * 4 + 3] !== source[p * 4 + 3]) alpha++; // alpha is the source's everywhere
      }
      expect(outside).toBe(0);
      expect(alpha).toBe(0);
      checked += distance.length;
      for (const window of result.windows) {
        expect(rectContains({ x: 0, y: 0, width, height }, window.rect)).toBe(true);
        expect(window.modelWidth % 8).toBe(0);
        expect(window.modelHeight % 8).toBe(0);
      }
      for (const call of engine.calls) expect([call.width % 8, call.height % 8]).toEqual([0, 0]);
      const changed = changedBounds(image, out);
      const patch = result.variations[0]!.patch;
      if (changed) {
        expect(patch).toBeDefined();
        expect(rectContains({ x: patch!.x, y: patch!.y, width: patch!.image.width, height: patch!.image.height }, changed)).toBe(true);
        // Smallest: the patch is exactly the changed pixels' bounds.
        expect({ x: patch!.x, y: patch!.y, width: patch!.image.width, height: patch!.image.height }).toEqual(changed);
        const rebuilt = { width, height, data: new Uint8ClampedArray(source) };
        applyPatch(rebuilt, patch!);
        expect(Buffer.from(rebuilt.data.buffer).equals(Buffer.from(out.data.buffer))).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1e6); // enough pixels really went through the check
  });
});
