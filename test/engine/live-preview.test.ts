/**
 * Live previews on the tiny bundle (wasm): they arrive while denoising, at the request's size, show the sampler's
 * estimate of the final latents through the latent-to-RGB factors, and leave the result's bytes as they were.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { InpaintRequest, PreviewInfo, RgbaImage } from '../../models/engine/types.js';
import { latentToRgb } from '../../models/preview/linear-preview.js';
import { SD15_LATENT_RGB_FACTORS } from '../../models/preview/latent-rgb-factors.js';
import { DDIMScheduler } from '../../models/schedulers/ddim.js';
import { gradientImage, loadTinyEngine, rectMask } from './fixtures.js';

const W = 64;
const H = 48;
const request: InpaintRequest = { image: gradientImage(W, H), mask: rectMask(W, H, 16, 8, 40, 32), task: 'object', prompt: 'a red cat', steps: 6, guidance: 7.5, seed: 77, scheduler: 'ddim' };

let engine: PowerPaintEngine;
beforeAll(async () => {
  engine = await loadTinyEngine();
});
afterAll(async () => {
  await engine.release();
});

describe('live previews', () => {
  it('arrive during denoise at the request size, showing the step estimate, and change no byte of the result', async () => {
    const plain = await engine.run(request);

    const events: string[] = [];
    const previews: { image: RgbaImage; info: PreviewInfo }[] = [];
    const steps = vi.spyOn(DDIMScheduler.prototype, 'step');
    const previewed = await engine.run(request, {
      onProgress: (p) => events.push(`${p.stage} ${p.step}`),
      onPreview: (image, info) => {
        events.push(`preview ${info.step}`);
        previews.push({ image, info });
      },
    });
    const estimates = steps.mock.results.map((r) => (r.value as { predOriginalSample: Float32Array }).predOriginalSample);
    steps.mockRestore();

    expect(Buffer.from(previewed.variations[0]!.image.data).equals(Buffer.from(plain.variations[0]!.image.data))).toBe(true);
    // The first step is always previewed (its cost is not known yet); none after the last, whose decode follows.
    expect(previews[0]!.info).toEqual({ step: 1, total: 6, variation: 0 });
    expect(previews.every((p) => p.info.step >= 1 && p.info.step < 6)).toBe(true);
    expect(events.indexOf('preview 1')).toBeGreaterThan(events.indexOf('denoise 1'));
    expect(events.indexOf('preview 1')).toBeLessThan(events.indexOf('decode 0'));
    for (const { image, info } of previews) {
      expect([image.width, image.height]).toEqual([W, H]);
      const expected = latentToRgb(estimates[info.step - 1]!, { channels: 4, latentWidth: W / 8, latentHeight: H / 8, scale: 8 }, SD15_LATENT_RGB_FACTORS);
      expect(Buffer.from(image.data).equals(Buffer.from(expected.data))).toBe(true);
    }
    // The estimate is a picture, not a constant colour.
    expect(new Set(previews[0]!.image.data.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(4);
  });
});
