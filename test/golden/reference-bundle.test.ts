/**
 * The engine against diffusers itself. test/fixtures/reference-bundle is a tiny PowerPaint v1 pipeline built
 * from diffusers' and transformers' own classes and exported by models/export/export_bundle.py;
 * test/fixtures/golden holds what diffusers' StableDiffusionInpaintPipeline computed on that pipeline
 * (models/export/golden/pipeline_golden.py). No Python is needed here.
 *
 * Each stage is checked on its own (token ids, prompt embeddings, mask, masked-image latent, denoising,
 * decoding) with the engine's own pieces, assembled as PowerPaintEngine.run assembles them, and the whole
 * engine.run is checked against diffusers' output image and against the pieces (bit for bit).
 *
 * Tolerances are float32 tolerances, not fudge: both sides compute in float32 and differ only where
 * onnxruntime's wasm kernels sum in another order than torch's CPU kernels (a few ulp per op). A mismatch
 * beyond them is a bug in the engine or the exporter; do not widen them to make a failure pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { openBundle, readModel, type OpenedBundle } from '../../models/bundle/open-bundle.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { denoise } from '../../models/pipeline/denoise.js';
import { imageToTensor, tensorToImage } from '../../models/pipeline/image-tensor.js';
import { binarizeMask, maskImageTensor, maskToLatentSize } from '../../models/pipeline/prepare-mask.js';
import { UnetStep } from '../../models/pipeline/unet-step.js';
import { decodeLatents, encodeImage, sampleLatent } from '../../models/pipeline/vae.js';
import { TorchCpuGenerator } from '../../models/random/torch-generator.js';
import { createModelSession, webSessions, type ModelSession, type ModelSpec } from '../../models/runtime/model-session.js';
import { MODEL_SPECS } from '../../models/runtime/model-specs.js';
import { createScheduler } from '../../models/schedulers/index.js';
import { PromptEncoder } from '../../models/text/prompt-encoder.js';
import { PromptTokenizer } from '../../models/text/prompt-tokenizer.js';
import { encodeTaskConditioning } from '../../models/text/task-conditioning.js';
import { expandTaskWords, taskPrompts } from '../../models/text/task-prompts.js';
import { Golden, maxAbs, maxAbsDiff, REFERENCE_BUNDLE_DIR, requestFor, rgbBytes, type GoldenCase } from './golden-data.js';

/**
 * Absolute float32 tolerances (final latents: relative to their largest value), each about 3x the largest
 * difference measured over the 17 cases (onnxruntime-web 1.30 wasm against torch 2.15 CPU; the full table is
 * printed after the run). ORT's wasm kernels are deterministic across machines, so the margin only has to
 * absorb ORT upgrades, not CI hardware.
 * - Prompt embeddings (|x| <= ~4): two CLIP layers, LayerNorm and attention sums in another order:
 *   measured 1.7e-6.
 * - Masked-image latent (|x| <= ~0.6): measured 8.2e-6, most of it torch's own: diffusers' image processor
 *   hands the VAE a channels-last-strided tensor, and torch's CPU convolutions give results 7.6e-6 apart
 *   for that layout and for a contiguous copy of the same values (ORT is within 4e-7 of the contiguous one).
 * - Final latents (|x| up to ~34): 8 UNet calls; with random weights the predicted noise is far from the
 *   latents, so every step divides by sqrt(alpha_bar) (~9x at t=876) and guidance multiplies
 *   (pos - neg) by 7.5: measured 2.4e-6 relative (~8e-5 absolute).
 * - Decoded image (|x| <= ~1.9): from diffusers' own final latents, measured 3.1e-6; after the engine's own
 *   denoising, measured 6.8e-6.
 * - RGB bytes: where x*255 lands within that difference of a .5 boundary, rounding flips by 1 (measured:
 *   at most 1, in a handful of the 12288 bytes).
 */
const TOL = {
  promptEmbeds: 5e-6,
  maskedImageLatents: 2e-5,
  finalLatentsRelative: 1e-5,
  decodedFromGoldenLatents: 1e-5,
  decoded: 2e-5,
  imageBytes: 1,
  imageBytesOff: 0.001,
};

const golden = new Golden();
const MODELS = MODEL_SPECS;

let bundle: OpenedBundle;
let sessions: Record<keyof typeof MODELS, ModelSession>;
let tokenizer: PromptTokenizer;
let prompts: PromptEncoder;
let engine: PowerPaintEngine;
const measured: Record<string, Record<string, number>> = {};

function record(name: string, what: string, value: number): number {
  (measured[name] ??= {})[what] = value;
  return value;
}

const request = (c: GoldenCase) => requestFor(golden, c);

/** PowerPaintEngine.run's stages for one variation (engine/powerpaint-engine.ts), keeping every intermediate. */
async function runPieces(c: GoldenCase) {
  const req = request(c);
  const manifest = bundle.manifest;
  const conditioning = await encodeTaskConditioning(prompts, manifest.taskTokens, req, c.guidance > 1);
  const { image, mask } = req;
  const binary = binarizeMask(mask);
  const latentWidth = image.width / manifest.vaeScaleFactor;
  const latentHeight = image.height / manifest.vaeScaleFactor;
  const maskLatent = maskToLatentSize(binary, image.width, image.height, latentWidth, latentHeight);
  const distribution = await encodeImage(sessions.vaeEncoder, maskImageTensor(imageToTensor(image), binary), image.width, image.height, manifest.latentChannels);
  const dims = [1, manifest.latentChannels, latentHeight, latentWidth];
  const generator = new TorchCpuGenerator(c.seed);
  const scheduler = createScheduler(bundle.schedulerConfig, c.scheduler);
  scheduler.setTimesteps(c.steps);
  const noise = req.initialLatents?.[0] ?? generator.randn(dims.reduce((a, b) => a * b));
  const initial = noise.map((x) => x * scheduler.initNoiseSigma);
  const maskedImageLatents = sampleLatent(distribution, manifest.scalingFactor, generator);
  const unet = new UnetStep(
    sessions.unet,
    { encoderStates: conditioning.states, hiddenSize: conditioning.hiddenSize, maskLatent, maskedImageLatents, latentChannels: manifest.latentChannels, latentHeight, latentWidth, guidance: c.guidance },
    'wasm',
  );
  const finalLatents = await denoise(initial, scheduler, unet, generator, () => {}, undefined);
  const decoded = await decodeLatents(sessions.vaeDecoder, finalLatents, dims, manifest.scalingFactor);
  return { conditioning, maskLatent, maskedImageLatents, finalLatents, decoded, image: tensorToImage(decoded, image.width, image.height, image) };
}

const pieces = new Map<string, Awaited<ReturnType<typeof runPieces>>>();
async function piecesFor(c: GoldenCase) {
  if (!pieces.has(c.name)) pieces.set(c.name, await runPieces(c));
  return pieces.get(c.name)!;
}

beforeAll(async () => {
  const source = bundleFromDirectory(REFERENCE_BUNDLE_DIR);
  bundle = await openBundle(source, true);
  sessions = {} as typeof sessions;
  for (const [key, spec] of Object.entries(MODELS) as [keyof typeof MODELS, ModelSpec][]) {
    const { model, externalData } = await readModel(bundle, spec.path, true);
    sessions[key] = await createModelSession(spec, model, webSessions('wasm'), externalData);
  }
  const taskSubTokens = Object.values(bundle.manifest.taskTokens ?? {}).flat();
  tokenizer = new PromptTokenizer(bundle.tokenizerJson, taskSubTokens, source.label);
  prompts = new PromptEncoder(sessions.textEncoder, tokenizer);
  engine = await PowerPaintEngine.load(source, { backend: 'wasm' });
});

afterAll(async () => {
  await Promise.all(Object.values(sessions ?? {}).map((s) => s.release()));
  await engine?.release();
  if (Object.keys(measured).length > 0) {
    console.log('golden max |diff| per case (test/golden/reference-bundle.test.ts):');
    console.table(measured);
  }
});

describe('reference bundle (exported from diffusers classes by models/export)', () => {
  it('is a PowerPaint v1 bundle: manifest, 30 task sub-tokens, every file verified by sha256', () => {
    const manifest = bundle.manifest;
    expect(manifest.family).toBe('powerpaint-v1');
    expect(manifest.precision).toBe('fp32');
    expect(Object.values(manifest.taskTokens ?? {}).flat()).toHaveLength(30);
    expect([manifest.vaeScaleFactor, manifest.latentChannels, manifest.sizeMultiple]).toEqual([8, 4, 16]);
    // Weights in external data, as the exporter writes models over 2 GB.
    expect(manifest.files.map((f) => f.path)).toContain('unet/model.onnx_data');
    expect(golden.cases.length).toBe(17);
  });

  it('its models take and give what the engine expects (names, float32 IO, int32 ids, int64 timestep)', () => {
    const meta = (s: ModelSession, name: string) => s.inputMetadata[s.inputNames.indexOf(name)] as { type: string };
    expect(meta(sessions.textEncoder, 'input_ids').type).toBe('int32');
    expect(meta(sessions.unet, 'timestep').type).toBe('int64');
    expect(meta(sessions.unet, 'sample').type).toBe('float32');
  });
});

describe.each(golden.cases.map((c) => [c.name, c] as const))('golden case %s', (name, c) => {
  it('writes the task prompts diffusers was given and tokenizes them to the same ids', () => {
    const texts = taskPrompts(c.task, c.prompt, c.negativePrompt);
    const sides = c.guidance > 1 ? [texts.negative, texts.positive] : [texts.positive];
    const expanded = sides.flat().map((t) => expandTaskWords(t, bundle.manifest.taskTokens));
    // PowerPaint's wrapper replaces words in place (double spaces stay); the tokenizer treats runs of spaces as one.
    expect(expanded).toEqual(c.texts.map((t) => t.replace(/\s+/g, ' ').trim()));
    expect(expanded.map((t) => tokenizer.encode(t).ids)).toEqual(c.tokenIds);
    expect(c.texts.map((t) => tokenizer.encode(t).ids)).toEqual(c.tokenIds);
  });

  it('encodes the prompts (task tokens, fitting degree, [negative, positive]) as diffusers does', async () => {
    const { conditioning } = await piecesFor(c);
    const expected = golden.f32(c.promptEmbeds);
    expect(conditioning.states.length).toBe(expected.length);
    expect(record(name, 'promptEmbeds', maxAbsDiff(conditioning.states, expected))).toBeLessThanOrEqual(TOL.promptEmbeds);
  });

  it('downsamples the mask and samples the masked-image latent from the seeded generator as diffusers does', async () => {
    const { maskLatent, maskedImageLatents } = await piecesFor(c);
    expect(Array.from(maskLatent)).toEqual(Array.from(golden.f32(c.maskLatent)));
    expect(record(name, 'maskedImageLatents', maxAbsDiff(maskedImageLatents, golden.f32(c.maskedImageLatents)))).toBeLessThanOrEqual(TOL.maskedImageLatents);
  });

  it('denoises to diffusers\' final latents', async () => {
    const { finalLatents } = await piecesFor(c);
    const expected = golden.f32(c.finalLatents);
    const relative = maxAbsDiff(finalLatents, expected) / maxAbs(expected);
    expect(record(name, 'finalLatents (rel)', relative)).toBeLessThanOrEqual(TOL.finalLatentsRelative);
  });

  it('decodes diffusers\' final latents to its image, and its own to nearly the same', async () => {
    const dims = golden.shape(c.finalLatents);
    const fromGolden = await decodeLatents(sessions.vaeDecoder, golden.f32(c.finalLatents), dims, bundle.manifest.scalingFactor);
    const expected = golden.f32(c.decoded);
    expect(record(name, 'decoded (golden latents)', maxAbsDiff(fromGolden, expected))).toBeLessThanOrEqual(TOL.decodedFromGoldenLatents);
    const { decoded } = await piecesFor(c);
    expect(record(name, 'decoded', maxAbsDiff(decoded, expected))).toBeLessThanOrEqual(TOL.decoded);
  });

  it('engine.run gives diffusers\' output image, and exactly what its stages give', async () => {
    const result = await engine.run(request(c));
    const out = result.variations[0]!.image;
    expect(result.backend).toBe('wasm');
    const bytes = rgbBytes(out);
    const expected = golden.u8(c.image);
    expect(record(name, 'image bytes', maxAbsDiff(bytes, expected))).toBeLessThanOrEqual(TOL.imageBytes);
    const off = bytes.filter((b, i) => b !== expected[i]).length;
    expect(record(name, 'bytes off', off)).toBeLessThanOrEqual(TOL.imageBytesOff * bytes.length);
    const { image } = await piecesFor(c);
    expect(Buffer.from(out.data).equals(Buffer.from(image.data))).toBe(true);
  });
});
