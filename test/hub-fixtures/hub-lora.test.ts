/**
 * A LoRA fused at load, against diffusers' fuse_lora (test/fixtures/hub-lora-golden, models/export/hub_lora_fixtures.py):
 * a random peft LoRA on every module kind LCM-LoRA adapts (Linears, 1x1 and 3x3 convolutions), saved in diffusers'
 * layout (alpha in the adapter metadata) and in kohya's (lcm-lora-sdv1-5's layout, alpha tensors), fused into
 * tiny-pp/powerpaint-v1 at two scales, run with LCMScheduler for 4 steps at guidance 1 (one UNet batch) and 2.
 * Tolerances are the Hub goldens' (diffusers-repos.test.ts).
 */
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { memoryCache } from '../../models/bundle/bundle-cache.js';
import { forgetBundle } from '../../models/bundle/load-bundle.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { loadHubLora, loadLoraFromSource, type LoraChoice } from '../../models/lora/lora-source.js';
import { openModel } from '../../models/package/open-model.js';
import { createModelSession, webSessions } from '../../models/runtime/model-session.js';
import { MODEL_SPECS } from '../../models/runtime/model-specs.js';
import { Golden, maxAbs, maxAbsDiff, rgbBytes, type GoldenCase } from '../golden/golden-data.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { HubGolden, HUB_REPOS_DIR, repoSource, requestFor } from './hub-golden.js';

const LORA_GOLDEN_DIR = new URL('../fixtures/hub-lora-golden/', import.meta.url).pathname;
const TOL = { unet: 1e-5, imageBytes: 1, imageBytesOff: 0.002 };
const REPO = 'tiny-pp/powerpaint-v1';

interface LoraGoldenJson {
  loras: Record<'peft' | 'kohya', string>;
  modules: { scale: number; timestep: number; sample: string; encoderHiddenStates: string; outSample: string }[];
  cases: (GoldenCase & { loraScale: number })[];
}

const golden = new Golden(LORA_GOLDEN_DIR);
const json = golden.json as unknown as LoraGoldenJson;
const hubGolden = new HubGolden();
const measured: Record<string, Record<string, number>> = {};
const record = (row: string, what: string, value: number) => ((measured[row] ??= {})[what] = value);
afterAll(() => console.table(measured));

const loraFolder = (repo: string) => loadLoraFromSource(bundleFromDirectory(`${HUB_REPOS_DIR}${repo}/`));
const scales = [...new Set(json.cases.map((c) => c.loraScale))];

function expectImage(row: string, c: GoldenCase, bytes: Uint8Array): void {
  const expected = golden.u8(c.image);
  expect(record(row, `${c.name} |diff|`, maxAbsDiff(bytes, expected))).toBeLessThanOrEqual(TOL.imageBytes);
  expect(bytes.filter((b, i) => b !== expected[i]).length).toBeLessThanOrEqual(TOL.imageBytesOff * bytes.length);
}

describe.each(Object.entries(json.loras))('random LoRA in the %s layout', (format, loraRepo) => {
  it.each(scales)('fused at scale %s: the UNet gives diffusers\' out_sample after fuse_lora', async (scale) => {
    const lora: LoraChoice = { file: await loraFolder(loraRepo), scale };
    const model = await openModel(repoSource(hubGolden, REPO, 'fp32'), false, lora);
    const { model: bytes, externalData } = await model.graph('unet', 'float32');
    expect(model.lora?.fused).toMatchObject({ format, tensors: 79 });
    const unet = await createModelSession(MODEL_SPECS.unet, bytes, webSessions('wasm'), externalData);
    try {
      const g = json.modules.find((m) => m.scale === scale)!;
      const { out_sample } = await unet.run({
        sample: new ort.Tensor('float32', golden.f32(g.sample), golden.shape(g.sample)),
        timestep: new ort.Tensor('int64', BigInt64Array.from([BigInt(g.timestep), BigInt(g.timestep)]), [2]),
        encoder_hidden_states: new ort.Tensor('float32', golden.f32(g.encoderHiddenStates), golden.shape(g.encoderHiddenStates)),
      });
      const expected = golden.f32(g.outSample);
      expect(record(`${format} scale ${scale}`, 'unet', maxAbsDiff(out_sample!.data as Float32Array, expected) / maxAbs(expected))).toBeLessThanOrEqual(TOL.unet);
    } finally {
      await unet.release();
    }
  });

  it.each(scales)('fused at scale %s: engine.run with LCMScheduler reproduces the pipeline', async (scale) => {
    const lora: LoraChoice = { file: await loraFolder(loraRepo), scale };
    const engine = await PowerPaintEngine.load(repoSource(hubGolden, REPO, 'fp32'), { backend: 'wasm', lora });
    try {
      expect(engine.lora).toMatchObject({ scale, fused: { format, tensors: 79 } });
      for (const c of json.cases.filter((c) => c.loraScale === scale)) {
        expect(c.scheduler).toBe('LCMScheduler');
        expectImage(`${format} scale ${scale}`, c, rgbBytes((await engine.run(requestFor(golden, c))).variations[0]!.image));
      }
    } finally {
      await engine.release();
    }
  });
});

it('without the LoRA the same LCM run is far from the golden: the fused weights are what matches', async () => {
  const engine = await PowerPaintEngine.load(repoSource(hubGolden, REPO, 'fp32'), { backend: 'wasm' });
  try {
    const c = json.cases[0]!;
    const bytes = rgbBytes((await engine.run(requestFor(golden, c))).variations[0]!.image);
    expect(maxAbsDiff(bytes, golden.u8(c.image))).toBeGreaterThan(20);
  } finally {
    await engine.release();
  }
});

describe('a LoRA repo through the Hub source', () => {
  let hub: HubStandIn;
  beforeAll(async () => {
    hub = await startHubStandIn({ root: HUB_REPOS_DIR });
  });
  afterAll(() => hub.close());

  it('is listed, its one LoRA file downloaded and verified, then read from the cache; fused, it reproduces diffusers', async () => {
    const cache = memoryCache();
    const file = await loadHubLora({ ref: `hf:${json.loras.kohya}`, endpoint: hub.endpoint, cache });
    expect(file.label).toMatch(/^hf:tiny-lora\/random-lora-kohya@[0-9a-f]{7}\/pytorch_lora_weights\.safetensors$/);
    expect(hub.log.filter((r) => r.kind === 'resolve' || r.kind === 'storage').every((r) => r.path.endsWith('pytorch_lora_weights.safetensors'))).toBe(true);
    const before = hub.log.length;
    const again = await loadHubLora({ ref: json.loras.kohya, endpoint: hub.endpoint, cache });
    expect(hub.log.slice(before).every((r) => r.kind === 'revision' || r.kind === 'tree')).toBe(true);
    expect(again.bytes).toEqual(file.bytes);
    // Forgotten with the model (the window's Clear): the next load downloads it again.
    await forgetBundle({ files: [...again.cached] }, cache);
    const cleared = hub.log.length;
    expect((await loadHubLora({ ref: json.loras.kohya, endpoint: hub.endpoint, cache })).bytes).toEqual(file.bytes);
    expect(hub.log.slice(cleared).filter((r) => r.kind === 'resolve' || r.kind === 'storage').map((r) => r.path.split('/').at(-1))).toContain('pytorch_lora_weights.safetensors');

    const c = json.cases.find((c) => c.loraScale === 1 && c.guidance === 1)!;
    const engine = await PowerPaintEngine.load(repoSource(hubGolden, REPO, 'fp32'), { backend: 'wasm', lora: { file, scale: 1 } });
    try {
      expectImage('hub kohya', c, rgbBytes((await engine.run(requestFor(golden, c))).variations[0]!.image));
    } finally {
      await engine.release();
    }
  });
});
