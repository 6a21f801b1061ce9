import { describe, expect, it } from 'vitest';
import type { PreviewInfo } from '../engine/types.js';
import { latentToRgb } from './linear-preview.js';
import { LivePreview } from './live-preview.js';

/** A run of `steps` steps of `stepMs` each, previews decoded in `previewMs`, on a fake clock. */
async function simulate(steps: number, stepMs: number, previewMs: number) {
  let clock = 0;
  const shown: PreviewInfo[] = [];
  const decoder = { decode: () => ((clock += previewMs), Promise.resolve({ width: 1, height: 1, data: new Uint8ClampedArray(4) })) };
  const preview = new LivePreview(decoder, (_, info) => shown.push(info), 0.05, () => clock);
  preview.begin();
  for (let step = 1; step <= steps; step++) {
    clock += stepMs;
    await preview.afterStep(() => Promise.resolve(new Float32Array(4)), { step, total: steps, variation: 0 });
  }
  return { shown, spentMs: preview.costMs, denoiseMs: steps * stepMs };
}

describe('LivePreview', () => {
  it('previews every step but the last when a preview costs under 5 % of a step', async () => {
    const { shown } = await simulate(8, 1000, 2);
    expect(shown.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('thins previews out to keep their cost within 5 % of the denoising time', async () => {
    const { shown, spentMs, denoiseMs } = await simulate(40, 100, 10);
    expect(shown[0]!.step).toBe(1);
    expect(spentMs).toBeLessThanOrEqual(0.05 * denoiseMs);
    // Not starved either: within one preview of the budget.
    expect(spentMs).toBeGreaterThan(0.05 * denoiseMs - 10 - 10);
  });

  it('draws only the first when one preview costs more than the whole run allows', async () => {
    const { shown } = await simulate(10, 10, 50);
    expect(shown.map((s) => s.step)).toEqual([1]);
  });
});

describe('latentToRgb', () => {
  it('maps each latent pixel through the factors to [0, 255] and fills its scale x scale block', () => {
    // 2 channels, 2x1 latent: pixel 0 = (1, 0), pixel 1 = (0, -1).
    const latents = new Float32Array([1, 0, 0, -1]);
    const factors = [
      [1, 0, -1],
      [0, 0.5, 0],
    ];
    const image = latentToRgb(latents, { channels: 2, latentWidth: 2, latentHeight: 1, scale: 2 }, factors);
    expect([image.width, image.height]).toEqual([4, 2]);
    // (x / 2 + 0.5) * 255: 1 -> 255, 0 -> 127.5 -> 128 (round half to even), -1 -> 0, -0.5 -> 63.75 -> 64.
    const left = [255, 128, 0, 255];
    const right = [128, 64, 128, 255];
    expect(Array.from(image.data)).toEqual([...left, ...left, ...right, ...right, ...left, ...left, ...right, ...right]);
  });
});
