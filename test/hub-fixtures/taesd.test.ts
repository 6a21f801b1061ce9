/**
 * TAESD (diffusers' AutoencoderTiny, madebyollin/taesd's class) as published: the decoder graph built from the tiny
 * repo's config.json and bound to its safetensors (test/fixtures/hub-repos/tiny-taesd, save_pretrained) against
 * diffusers' own decode (test/fixtures/hub-taesd-golden, models/export/hub_taesd_fixtures.py); and the engine's
 * live previews through it.
 */
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { memoryCache } from '../../models/bundle/bundle-cache.js';
import { bundleFromFiles } from '../../models/bundle/bundle-source.js';
import { EngineError } from '../../models/engine/errors.js';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { InpaintRequest, PreviewInfo, RgbaImage } from '../../models/engine/types.js';
import { openTaesdDecoder, taesdPreviewDecoder, type TaesdDecoder } from '../../models/preview/taesd-preview.js';
import { webSessions } from '../../models/runtime/model-session.js';
import { DDIMScheduler } from '../../models/schedulers/ddim.js';
import { gradientImage, loadTinyEngine, maxAbsDiff, rectMask } from '../engine/fixtures.js';
import { Golden } from '../golden/golden-data.js';
import { loadHubTaesd } from '../../models/preview/taesd-source.js';
import { startHubStandIn } from '../hub-server/hub-stand-in.js';
import { HUB_REPOS_DIR } from './hub-golden.js';

const TAESD_DIR = `${HUB_REPOS_DIR}tiny-taesd/taesd`;
const golden = new Golden(fileURLToPath(new URL('../fixtures/hub-taesd-golden/', import.meta.url)));
const decodes = (golden.json as unknown as { decodes: { latentHeight: number; latentWidth: number; latents: string; sample: string }[] }).decodes;

let taesd: TaesdDecoder;
beforeAll(async () => {
  taesd = await openTaesdDecoder(bundleFromDirectory(TAESD_DIR), webSessions('wasm'), 'float32');
});
afterAll(async () => {
  await taesd.session.release();
});

describe('TAESD decoder built from its config.json', () => {
  it.each(decodes.map((d) => [`${d.latentHeight}x${d.latentWidth}`, d] as const))('matches diffusers at %s latents', async (_, d) => {
    const latents = new ort.Tensor('float32', golden.f32(d.latents), golden.shape(d.latents));
    const { sample } = await taesd.session.run({ latent_sample: latents });
    expect(sample!.dims).toEqual(golden.shape(d.sample));
    const expected = golden.f32(d.sample);
    const diff = maxAbsDiff(sample!.data as Float32Array, expected);
    console.log(`TAESD ${d.latentHeight}x${d.latentWidth}: max |ours - diffusers| ${diff.toExponential(2)} (values up to ${Math.max(...expected.map(Math.abs)).toFixed(2)})`);
    // float32 on both sides; the ops differ only in summation order.
    expect(diff).toBeLessThan(1e-5);
  });

  it('refuses a config that is not an AutoencoderTiny, saying what it is', async () => {
    const files = new Map([['config.json', new TextEncoder().encode(JSON.stringify({ _class_name: 'AutoencoderKL' }))]]);
    await expect(openTaesdDecoder(bundleFromFiles(files, 'not-taesd'), webSessions('wasm'), 'float32')).rejects.toThrow(new EngineError('bundle-mismatch', 'not-taesd: it is a AutoencoderKL, not an AutoencoderTiny (TAESD).'));
  });
});

describe('TAESD from the Hub', () => {
  it('is listed, its config and weights downloaded and verified, then read from the cache; it decodes as the folder does', async () => {
    const hub = await startHubStandIn({ root: HUB_REPOS_DIR });
    try {
      const cache = memoryCache();
      const source = await loadHubTaesd({ ref: 'hf:tiny-taesd/taesd', endpoint: hub.endpoint, cache });
      expect(source.label).toMatch(/^hf:tiny-taesd\/taesd@[0-9a-f]{7}$/);
      const fetched = hub.log.filter((r) => (r.kind === 'resolve' || r.kind === 'storage') && r.bytesSent > 0).map((r) => r.path);
      expect(new Set(fetched)).toEqual(new Set(['config.json', 'diffusion_pytorch_model.safetensors']));
      const before = hub.log.length;
      await loadHubTaesd({ ref: 'tiny-taesd/taesd', endpoint: hub.endpoint, cache });
      expect(hub.log.slice(before).every((r) => r.kind === 'revision' || r.kind === 'tree')).toBe(true);

      const fromHub = await openTaesdDecoder(source, webSessions('wasm'), 'float32');
      try {
        const d = decodes[0]!;
        const latents = new ort.Tensor('float32', golden.f32(d.latents), golden.shape(d.latents));
        const [a, b] = [await fromHub.session.run({ latent_sample: latents }), await taesd.session.run({ latent_sample: latents })];
        expect(maxAbsDiff(a.sample!.data as Float32Array, b.sample!.data as Float32Array)).toBe(0);
      } finally {
        await fromHub.session.release();
      }
    } finally {
      await hub.close();
    }
  });

  it("says what a repo without TAESD's files is", async () => {
    const hub = await startHubStandIn({ root: HUB_REPOS_DIR });
    try {
      await expect(loadHubTaesd({ ref: 'tiny-lora/random-lora', endpoint: hub.endpoint })).rejects.toThrow(/tiny-lora\/random-lora has no config\.json at its root: it is not a TAESD in diffusers' layout/);
    } finally {
      await hub.close();
    }
  });
});

describe('live previews through TAESD (tiny bundle, wasm)', () => {
  const W = 64;
  const H = 48;
  const request: InpaintRequest = { image: gradientImage(W, H), mask: rectMask(W, H, 16, 8, 40, 32), task: 'object', prompt: 'a red cat', steps: 5, guidance: 7.5, seed: 5, scheduler: 'ddim' };
  let engine: PowerPaintEngine;
  let plain: PowerPaintEngine;
  beforeAll(async () => {
    engine = await loadTinyEngine();
    await engine.useTaesd(bundleFromDirectory(TAESD_DIR));
    plain = await loadTinyEngine();
  });
  afterAll(async () => {
    await engine.release();
    await plain.release();
  });

  it("shows TAESD's decode of the step's estimate, and the result is the engine's without previews", async () => {
    expect([engine.previewDecoder, plain.previewDecoder]).toEqual(['taesd', 'linear']);
    const previews: { image: RgbaImage; info: PreviewInfo }[] = [];
    const steps = vi.spyOn(DDIMScheduler.prototype, 'step');
    const result = await engine.run(request, { onPreview: (image, info) => previews.push({ image, info }) });
    const estimates = steps.mock.results.map((r) => (r.value as { predOriginalSample: Float32Array }).predOriginalSample);
    steps.mockRestore();
    const reference = await plain.run(request);
    expect(Buffer.from(result.variations[0]!.image.data).equals(Buffer.from(reference.variations[0]!.image.data))).toBe(true);

    expect(previews[0]!.info.step).toBe(1);
    const decoder = taesdPreviewDecoder(taesd, { channels: 4, latentWidth: W / 8, latentHeight: H / 8, scale: 8 }, request.image);
    for (const { image, info } of previews) {
      expect([image.width, image.height]).toEqual([W, H]);
      const expected = await decoder.decode(estimates[info.step - 1]!);
      expect(maxAbsDiff(image.data, expected.data)).toBe(0);
    }
  });
});
