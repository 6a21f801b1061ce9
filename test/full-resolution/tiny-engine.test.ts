import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { MaskImage } from '../../models/engine/types.js';
import { distanceToMask } from '../../models/image/distance-transform.js';
import { inpaintFullResolution, outpaintFullResolution, type WindowPreview, type WindowProgress } from '../../models/full-resolution/index.js';
import { gradientImage, loadTinyEngine, maxAbsDiff } from '../engine/fixtures.js';

let engine: PowerPaintEngine;
beforeAll(async () => {
  engine = await loadTinyEngine();
});
afterAll(async () => {
  await engine.release();
});

/** Two small areas far apart on a 301 x 203 image (not a multiple of 8: any size goes). */
function twoAreas(width: number, height: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = 20; y < 40; y++) data.fill(255, y * width + 25, y * width + 50);
  for (let y = 150; y < 180; y++) data.fill(200, y * width + 240, y * width + 280);
  return { width, height, data };
}

describe('full resolution on the tiny engine (wasm, native 64 px)', () => {
  const image = gradientImage(301, 203);
  const mask = twoAreas(301, 203);
  const base = { image, mask, task: 'object' as const, prompt: 'a red cat', steps: 4, seed: 7 };

  it('runs one window per far-apart area, keeps every byte outside the grown mask, changes the inside', async () => {
    const progress: WindowProgress[] = [];
    const result = await inpaintFullResolution(engine, base, { grow: 6, feather: 4 }, { onProgress: (p) => progress.push(p) });
    expect(result.windows).toHaveLength(2);
    for (const w of result.windows) {
      // Each area with its context is bigger than the 64 px native size here: scaled to about 64² pixels.
      expect(Math.min(w.rect.width, w.rect.height)).toBeGreaterThanOrEqual(64);
      expect([w.modelWidth % 8, w.modelHeight % 8]).toEqual([0, 0]);
      expect(Math.abs((w.modelWidth * w.modelHeight) / 64 ** 2 - 1)).toBeLessThan(0.3);
    }
    const out = result.variations[0]!.image!;
    const distance = distanceToMask(mask);
    let outside = 0;
    let insideChanged = 0;
    let inside = 0;
    for (let p = 0; p < distance.length; p++) {
      if (distance[p]! > 6) for (let c = 0; c < 4; c++) outside += out.data[p * 4 + c] === image.data[p * 4 + c] ? 0 : 1;
      if (distance[p] === 0) {
        inside++;
        if (out.data[p * 4] !== image.data[p * 4] || out.data[p * 4 + 1] !== image.data[p * 4 + 1]) insideChanged++;
      }
    }
    expect(outside).toBe(0);
    expect(insideChanged / inside).toBeGreaterThan(0.9);
    expect(new Set(progress.map((p) => p.window))).toEqual(new Set([0, 1]));
    expect(progress.every((p) => p.windows === 2)).toBe(true);
    // Two patches, one per area; the merged patch spans both.
    expect(result.variations[0]!.patches).toHaveLength(2);
    const patch = result.variations[0]!.patch!;
    expect(patch.x).toBeLessThanOrEqual(25 - 1);
    expect(patch.x + patch.image.width).toBeGreaterThanOrEqual(280);
  });

  it('previews each window pasted into the source at the window, leaving pixels beyond the grown mask as they are', async () => {
    const previews: WindowPreview[] = [];
    const plain = await inpaintFullResolution(engine, base, { grow: 6, feather: 4 });
    const result = await inpaintFullResolution(engine, base, { grow: 6, feather: 4 }, { onPreview: (p) => previews.push(p) });
    expect(Buffer.from(result.variations[0]!.image!.data).equals(Buffer.from(plain.variations[0]!.image!.data))).toBe(true);
    expect(new Set(previews.map((p) => p.window))).toEqual(new Set([0, 1]));
    const distance = distanceToMask(mask);
    for (const preview of previews) {
      const rect = result.windows[preview.window]!.rect;
      expect([preview.x, preview.y, preview.image.width, preview.image.height]).toEqual([rect.x, rect.y, rect.width, rect.height]);
      let outsideChanged = 0;
      let insideChanged = 0;
      for (let y = 0; y < rect.height; y++) {
        for (let x = 0; x < rect.width; x++) {
          const p = (rect.y + y) * image.width + rect.x + x;
          const changed = preview.image.data[(y * rect.width + x) * 4] !== image.data[p * 4];
          if (distance[p]! > 6 && changed) outsideChanged++;
          if (distance[p] === 0 && changed) insideChanged++;
        }
      }
      expect(outsideChanged).toBe(0);
      expect(insideChanged).toBeGreaterThan(0);
    }
  });

  it('is deterministic and makes variations with seeds seed + i', async () => {
    const a = await inpaintFullResolution(engine, { ...base, variations: 2 }, {}, {});
    const b = await inpaintFullResolution(engine, { ...base, seed: 8 }, {}, {});
    expect(a.variations.map((v) => v.seed)).toEqual([7, 8]);
    expect(maxAbsDiff(a.variations[1]!.image!.data, b.variations[0]!.image!.data)).toBe(0);
    expect(maxAbsDiff(a.variations[0]!.image!.data, a.variations[1]!.image!.data)).toBeGreaterThan(0);
  });

  it('cancels between windows and inside a window', async () => {
    const controller = new AbortController();
    const run = inpaintFullResolution(engine, { ...base, steps: 6 }, {}, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.window === 1 && p.stage === 'denoise' && p.step === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it("writes into the source with fullImage 'in-place', and returns patches only with 'none'", async () => {
    const reference = await inpaintFullResolution(engine, base);
    const copy = { ...image, data: new Uint8ClampedArray(image.data) };
    const inPlace = await inpaintFullResolution(engine, { ...base, image: copy }, { fullImage: 'in-place' });
    expect(inPlace.variations[0]!.image!.data).toBe(copy.data);
    expect(maxAbsDiff(copy.data, reference.variations[0]!.image!.data)).toBe(0);
    const none = await inpaintFullResolution(engine, base, { fullImage: 'none' });
    expect(none.variations[0]!.image).toBeUndefined();
    expect(none.variations[0]!.patch!.image.data).toEqual(reference.variations[0]!.patch!.image.data);
  });

  it('rejects an empty mask and a mask of another size', async () => {
    await expect(inpaintFullResolution(engine, { ...base, mask: { width: 301, height: 203, data: new Uint8Array(301 * 203) } })).rejects.toMatchObject({ code: 'empty-mask' });
    await expect(inpaintFullResolution(engine, { ...base, mask: { width: 3, height: 3, data: new Uint8Array(9) } })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('outpaints 90 x 70 to 16:9 in several windows: source kept past the overlap band, new area painted', async () => {
    const source = gradientImage(90, 70);
    const progress: WindowProgress[] = [];
    const result = await outpaintFullResolution(
      engine,
      { image: source, target: { kind: 'aspect', ratio: '16:9' }, prompt: '', steps: 3, seed: 3 },
      { overlap: 4 },
      { onProgress: (p) => progress.push(p) },
    );
    const { canvas } = result;
    expect([canvas.width, canvas.height, canvas.offsetX, canvas.offsetY]).toEqual([124, 70, 17, 0]);
    expect(result.windows.length).toBeGreaterThan(1);
    expect(new Set(progress.map((p) => p.window)).size).toBe(result.windows.length);
    const out = result.variations[0]!.image;
    let keptWrong = 0;
    let notOpaque = 0;
    for (let y = 0; y < 70; y++) {
      for (let x = 0; x < 90; x++) {
        if (x < 4 || x >= 86) continue; // the overlap band is repainted
        for (let c = 0; c < 4; c++) keptWrong += out.data[(y * 124 + x + 17) * 4 + c] === source.data[(y * 90 + x) * 4 + c] ? 0 : 1;
      }
      for (const x of [0, 5, 10, 15, 110, 120]) if (out.data[(y * 124 + x) * 4 + 3] !== 255) notOpaque++;
    }
    expect(keptWrong).toBe(0);
    // The new area is the model's, not the prefill: compare with a blur-prefilled canvas far from the source.
    let painted = 0;
    for (let y = 0; y < 70; y++) if (Math.abs(out.data[(y * 124) * 4]! - source.data[(y * 90) * 4]!) > 2) painted++;
    expect(painted).toBeGreaterThan(35);
    expect(notOpaque).toBe(0); // the new area is opaque
  });
});
