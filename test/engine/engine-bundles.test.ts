import { describe, expect, it } from 'vitest';
import { bundleFromFiles } from '../../models/bundle/bundle-source.js';
import { sha256Hex } from '../../models/bundle/verify-file.js';
import { EngineError } from '../../models/engine/errors.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { InpaintRequest } from '../../models/engine/types.js';
import { buildTinyBundle, type TinyBundleOptions } from '../bundle/tiny-bundle.js';
import { gradientImage, loadTinyEngine, maxAbsDiff, rectMask } from './fixtures.js';

const request: InpaintRequest = {
  image: gradientImage(64, 64),
  mask: rectMask(64, 64, 8, 8, 40, 40),
  task: 'remove',
  steps: 4,
  seed: 7,
};

async function runOnce(options: TinyBundleOptions, change: Partial<InpaintRequest> = {}) {
  const engine = await loadTinyEngine(options);
  try {
    return await engine.run({ ...request, ...change });
  } finally {
    await engine.release();
  }
}

/** Replaces a file and rewrites its manifest entry, as a re-export with other contents would. */
async function withFile(files: Map<string, Uint8Array>, path: string, bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const changed = new Map(files).set(path, bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
  const entry = manifest.files.find((f: { path: string }) => f.path === path);
  entry.bytes = bytes.byteLength;
  entry.sha256 = await sha256Hex(bytes);
  return changed.set('powerpaint.json', new TextEncoder().encode(JSON.stringify(manifest)));
}

async function loadError(files: Map<string, Uint8Array>, verify = true): Promise<EngineError> {
  const error = await PowerPaintEngine.load(bundleFromFiles(files, 'test bundle'), { verify }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe('bundle variants the engine must take', () => {
  it.each<[string, TinyBundleOptions]>([
    ['int64 input_ids', { inputIdsType: 'int64' }],
    ['a float scalar timestep', { timestepType: 'float32', timestepShape: 'scalar' }],
    ['an 8-channel (mean + logvar) VAE encoder', { vaeEncoderChannels: 8 }],
    ['a plain SD-1.5 inpainting bundle without task tokens', { taskTokens: false }],
  ])('runs on %s', async (_name, options) => {
    const result = await runOnce(options);
    const out = result.variations[0]!.image;
    expect(out.data.every((v) => Number.isFinite(v))).toBe(true);
    expect(maxAbsDiff(out.data, request.image.data)).toBeGreaterThan(5);
  });

  it('samples the 8-channel VAE latent with the run seed (diffusers does), so the seed matters even with given latents', async () => {
    const latents = [new Float32Array(4 * 8 * 8).fill(0.5)];
    const a = await runOnce({ vaeEncoderChannels: 8 }, { initialLatents: latents, seed: 1 });
    const b = await runOnce({ vaeEncoderChannels: 8 }, { initialLatents: latents, seed: 2 });
    expect(maxAbsDiff(a.variations[0]!.image.data, b.variations[0]!.image.data)).toBeGreaterThan(0);
  });

  it('stops with a clear error when the UNet produces NaN, never returning an image', async () => {
    const error = await runOnce({ unetNaN: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'non-finite' });
    expect((error as Error).message).toMatch(/NaN\/Inf.*UNet step/);
  });
});

describe('broken bundles fail with a message the user can act on', () => {
  it('a damaged model file fails its sha256 check', async () => {
    const files = await buildTinyBundle();
    const unet = new Uint8Array(files.get('unet/model.onnx')!);
    unet[unet.length - 3]! ^= 0xff;
    const error = await loadError(new Map(files).set('unet/model.onnx', unet));
    expect(error.code).toBe('corrupt-bundle');
    expect(error.message).toMatch(/unet\/model\.onnx in test bundle failed its sha256 check.*download it again/);
  });

  it('a truncated file is caught by its size before hashing', async () => {
    const files = await buildTinyBundle();
    const error = await loadError(new Map(files).set('vae_decoder/model.onnx', files.get('vae_decoder/model.onnx')!.slice(0, 100)));
    expect(error.message).toMatch(/vae_decoder\/model\.onnx .* is 100 bytes but the manifest says/);
  });

  it('a file that is not ONNX is reported as such even without verification', async () => {
    const files = await buildTinyBundle();
    const error = await loadError(await withFile(files, 'text_encoder/model.onnx', new TextEncoder().encode('<html>404</html>')), false);
    expect(error.code).toBe('corrupt-bundle');
    expect(error.message).toMatch(/text_encoder\/model\.onnx could not be opened as an ONNX model/);
  });

  it('a missing file is named', async () => {
    const files = new Map(await buildTinyBundle());
    files.delete('vae_encoder/model.onnx');
    const error = await loadError(files);
    expect(error.code).toBe('missing-file');
    expect(error.message).toMatch(/has no file vae_encoder\/model\.onnx/);
  });

  it('a model with the wrong input names is a bundle mismatch that names them', async () => {
    const files = await buildTinyBundle();
    const error = await loadError(await withFile(files, 'unet/model.onnx', files.get('vae_decoder/model.onnx')!));
    expect(error.code).toBe('bundle-mismatch');
    expect(error.message).toMatch(/unet\/model\.onnx has no input named "sample", "timestep", "encoder_hidden_states" \(it has "latent_sample"\)/);
  });

  it('a manifest of an unknown family is refused', async () => {
    const files = await buildTinyBundle();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
    manifest.family = 'sdxl';
    const error = await loadError(new Map(files).set('powerpaint.json', new TextEncoder().encode(JSON.stringify(manifest))));
    expect(error.message).toMatch(/unknown family "sdxl"/);
  });
});
