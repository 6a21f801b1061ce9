/**
 * An Optimum ONNX export without powerpaint.json (as other tools write them) loads with an inferred
 * manifest, and the VAE encoder output current Optimum calls `latent_parameters` is accepted. The folder is
 * the reference bundle rewritten that way, so the same seed must give the very same bytes as the bundle.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../bundle/directory-source.node.js';
import { PowerPaintEngine } from '../engine/powerpaint-engine.js';
import { Golden, REFERENCE_BUNDLE_DIR } from '../../test/golden/golden-data.js';
import { openModel } from './open-model.js';

const { onnx } = onnxProto;
const dir = mkdtempSync(join(tmpdir(), 'optimum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeOptimumFolder(): void {
  cpSync(REFERENCE_BUNDLE_DIR, dir, { recursive: true });
  rmSync(join(dir, 'powerpaint.json'));
  const encoderPath = join(dir, 'vae_encoder/model.onnx');
  const model = onnx.ModelProto.decode(readFileSync(encoderPath));
  for (const node of model.graph!.node!) node.output = node.output!.map((name) => (name === 'latent_sample' ? 'latent_parameters' : name));
  for (const output of model.graph!.output!) if (output.name === 'latent_sample') output.name = 'latent_parameters';
  writeFileSync(encoderPath, onnx.ModelProto.encode(model).finish());
  // What Optimum copies beside the graphs: the diffusers configs (only the keys the manifest needs here).
  writeFileSync(join(dir, 'unet/config.json'), JSON.stringify({ block_out_channels: [16, 32], sample_size: 8 }));
  writeFileSync(join(dir, 'vae_encoder/config.json'), JSON.stringify({ block_out_channels: [8, 16, 16, 16], latent_channels: 4, scaling_factor: 0.18215 }));
}

describe('Optimum ONNX folder without powerpaint.json', () => {
  writeOptimumFolder();

  it('infers the manifest: PowerPaint family from the tokenizer, sizes from the configs', async () => {
    const opened = await openModel(bundleFromDirectory(dir), false);
    expect(opened.layout).toBe('onnx');
    expect(opened.manifest.family).toBe('powerpaint-v1');
    expect(Object.values(opened.manifest.taskTokens ?? {}).flat()).toHaveLength(30);
    expect([opened.manifest.vaeScaleFactor, opened.manifest.latentChannels, opened.manifest.sizeMultiple, opened.manifest.sampleSize]).toEqual([8, 4, 16, 8]);
  });

  it('runs with latent_parameters and gives the bundle\'s bytes for the same request', async () => {
    const golden = new Golden();
    const c = golden.cases.find((g) => g.task === 'remove')!;
    const request = { image: golden.image(), mask: golden.mask(c.mask), task: c.task, steps: 3, guidance: 7.5, seed: 7 };
    const fromFolder = await PowerPaintEngine.load(bundleFromDirectory(dir), { backend: 'wasm' });
    const fromBundle = await PowerPaintEngine.load(bundleFromDirectory(REFERENCE_BUNDLE_DIR), { backend: 'wasm' });
    const a = (await fromFolder.run(request)).variations[0]!.image.data;
    const b = (await fromBundle.run(request)).variations[0]!.image.data;
    await Promise.all([fromFolder.release(), fromBundle.release()]);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });
});
