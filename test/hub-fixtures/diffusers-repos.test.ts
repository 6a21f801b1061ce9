/**
 * Diffusers repos as published, run as they are: graphs built here from each config.json and bound to the
 * safetensors files, against diffusers' and transformers' own outputs on the same files
 * (test/fixtures/hub-golden, models/export/hub_fixtures.py). Three repos with different options (block widths,
 * layers, head lists, linear projections, GELU, old VAE key names, freq shift, no downsample padding, a VAE
 * of factor 4; only_cross_attention, transformer layers per block, a VAE without mid-block attention or quant
 * convolutions, a text encoder with 80 positions and LayerNorm eps 1e-6), the fp32 files and the fp16
 * variant (diffusers ran that one in float32 on the fp16 weights, which is what the engine's float32 graphs
 * compute). Module outputs, then engine.run for every task.
 *
 * Tolerances are float32's (see test/golden/reference-bundle.test.ts for where the differences come from);
 * the measured values are printed after the run.
 */
import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { ModelPackage } from '../../models/package/model-package.js';
import { openModel } from '../../models/package/open-model.js';
import { createModelSession, webSessions, type ModelSession } from '../../models/runtime/model-session.js';
import { MODEL_SPECS, type ModelName } from '../../models/runtime/model-specs.js';
import { maxAbs, maxAbsDiff, rgbBytes } from '../golden/golden-data.js';
import { HubGolden, HUB_GOLDEN_REPOS, repoSource, requestFor } from './hub-golden.js';

const golden = new HubGolden();
const measured: Record<string, Record<string, number>> = {};
const record = (row: string, what: string, value: number) => ((measured[row] ??= {})[what] = value);
afterAll(() => console.table(measured));

/** Relative to the largest golden value (UNet and decoder outputs reach ~3). */
const TOL = { unet: 1e-5, vaeEncoder: 2e-5, vaeDecoder: 3e-5, textEncoder: 1e-5, imageBytes: 1, imageBytesOff: 0.002 };

const variants = HUB_GOLDEN_REPOS.flatMap((repo) => golden.repo(repo).variants.map((variant) => [repo, variant] as const));

describe.each(variants)('%s (%s files)', (repo, variant) => {
  const row = `${repo} ${variant}`;
  let model: ModelPackage;
  const sessions = new Map<ModelName, ModelSession>();
  const session = async (name: ModelName) => {
    model ??= await openModel(repoSource(golden, repo, variant), false);
    if (!sessions.has(name)) {
      const { model: bytes, externalData } = await model.graph(name, 'float32');
      sessions.set(name, await createModelSession(MODEL_SPECS[name], bytes, webSessions('wasm'), externalData));
    }
    return sessions.get(name)!;
  };
  const relative = (got: Float32Array, expected: Float32Array) => maxAbsDiff(got, expected) / maxAbs(expected);
  afterAll(async () => Promise.all([...sessions.values()].map((s) => s.release())));

  it('is read as published: family from the tokenizer, precision from the weight files chosen', async () => {
    model = await openModel(repoSource(golden, repo, variant), false);
    expect(model.layout).toBe('diffusers');
    expect(model.manifest.family).toBe(golden.repo(repo).taskTokens ? 'powerpaint-v1' : 'sd15-inpainting');
    expect(model.manifest.precision).toBe(variant);
    expect(model.manifest.vaeScaleFactor).toBe(golden.repo(repo).vaeScaleFactor);
    expect(model.manifest.scalingFactor).toBe(golden.repo(repo).scalingFactor);
  });

  it('UNet gives diffusers\' out_sample, at sides its factor divides and at sides it does not', async () => {
    const unet = await session('unet');
    for (const g of golden.unet(repo, variant)) {
      const { out_sample } = await unet.run({
        sample: new ort.Tensor('float32', g.sample.data, g.sample.dims),
        timestep: new ort.Tensor('int64', BigInt64Array.from([BigInt(g.timestep), BigInt(g.timestep)]), [2]),
        encoder_hidden_states: new ort.Tensor('float32', g.encoderHiddenStates.data, g.encoderHiddenStates.dims),
      });
      expect(out_sample!.dims).toEqual(g.outSample.dims);
      const diff = record(row, `unet ${g.latentHeight}x${g.latentWidth}`, relative(out_sample!.data as Float32Array, g.outSample.data));
      expect(diff).toBeLessThanOrEqual(TOL.unet);
    }
  });

  it('VAE encoder gives the mean and log-variance; the decoder the image', async () => {
    const encoder = await session('vaeEncoder');
    for (const g of golden.vaeEncoder(repo, variant)) {
      const output = Object.values(await encoder.run({ sample: new ort.Tensor('float32', g.image.data, g.image.dims) }))[0]!;
      const data = output.data as Float32Array;
      const half = data.length / 2;
      expect(record(row, 'vae mean', relative(data.subarray(0, half), g.mean.data))).toBeLessThanOrEqual(TOL.vaeEncoder);
      expect(record(row, 'vae logvar', relative(data.subarray(half), g.logvar.data))).toBeLessThanOrEqual(TOL.vaeEncoder);
    }
    const decoder = await session('vaeDecoder');
    for (const g of golden.vaeDecoder(repo, variant)) {
      const { sample } = await decoder.run({ latent_sample: new ort.Tensor('float32', g.latent.data, g.latent.dims) });
      expect(record(row, 'vae decode', relative(sample!.data as Float32Array, g.sample.data))).toBeLessThanOrEqual(TOL.vaeDecoder);
    }
  });

  it('text encoder gives transformers\' last_hidden_state, task-token rows included', async () => {
    const g = golden.textEncoder(repo, variant);
    const text = await session('textEncoder');
    const ids = Int32Array.from(g.inputIds.flat());
    const { last_hidden_state } = await text.run({ input_ids: new ort.Tensor('int32', ids, [g.inputIds.length, 77]) });
    expect(record(row, 'text', relative(last_hidden_state!.data as Float32Array, g.lastHiddenState.data))).toBeLessThanOrEqual(TOL.textEncoder);
  });

  it('engine.run reproduces StableDiffusionInpaintPipeline for every task', async () => {
    const engine = await PowerPaintEngine.load(repoSource(golden, repo, variant), { backend: 'wasm' });
    try {
      const cases = golden.pipelineCases(repo, variant);
      expect(cases.map((c) => c.task).sort()).toEqual(['object', 'outpaint', 'remove', 'shape']);
      for (const c of cases) {
        const bytes = rgbBytes((await engine.run(requestFor(golden, c))).variations[0]!.image);
        const expected = golden.u8(c.image);
        expect(record(row, `${c.task} image |diff|`, maxAbsDiff(bytes, expected))).toBeLessThanOrEqual(TOL.imageBytes);
        expect(bytes.filter((b, i) => b !== expected[i]).length).toBeLessThanOrEqual(TOL.imageBytesOff * bytes.length);
      }
    } finally {
      await engine.release();
    }
  });
});
