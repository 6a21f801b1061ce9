import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildTinyBundle } from '../../test/bundle/tiny-bundle.js';
import { writeTinyBundle } from '../../test/bundle/write-tiny-bundle.js';
import { bundleFromFiles } from './bundle-source.js';
import { originFromSource } from './byte-origin.js';
import { checkBundle } from './check-bundle.js';
import { main } from './check-bundle.node.js';
import { readOnnxIo } from './onnx-io.js';
import { sha256Hex } from './verify-file.js';

const MODELS = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_encoder/model.onnx', 'vae_decoder/model.onnx'];

/** Replaces a file and rewrites its manifest entry, as a re-export with other contents would. */
async function withFile(files: Map<string, Uint8Array>, path: string, bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
  const entry = manifest.files.find((f: { path: string }) => f.path === path);
  entry.bytes = bytes.byteLength;
  entry.sha256 = await sha256Hex(bytes);
  return new Map(files).set(path, bytes).set('powerpaint.json', new TextEncoder().encode(JSON.stringify(manifest)));
}

/** Renames every occurrence of a name in a model (same length, so the protobuf stays valid). */
function renamed(model: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const text = Buffer.from(model).toString('latin1').split(from).join(to);
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

const check = (files: Map<string, Uint8Array>) => checkBundle(originFromSource(bundleFromFiles(files, 'test bundle')), { retry: { retries: 0, baseDelayMs: 1 } });

describe('readOnnxIo', () => {
  it('reads the same names, dtypes and shapes as onnxruntime', async () => {
    const files = await buildTinyBundle({ inputIdsType: 'int64', timestepType: 'float32', timestepShape: 'scalar' });
    for (const path of MODELS) {
      const bytes = files.get(path)!;
      const io = readOnnxIo(bytes);
      const session = await ort.InferenceSession.create(bytes);
      const fromOrt = (names: readonly string[], meta: readonly ort.InferenceSession.ValueMetadata[]) =>
        names.map((name, i) => ({ name, type: (meta[i] as { type: string }).type, shape: [...(meta[i] as { shape: readonly (number | string)[] }).shape] }));
      expect(io.inputs).toEqual(fromOrt(session.inputNames, session.inputMetadata));
      expect(io.outputs).toEqual(fromOrt(session.outputNames, session.outputMetadata));
      await session.release();
    }
  });

  it('refuses bytes that are not ONNX', () => {
    expect(() => readOnnxIo(new TextEncoder().encode('<html>404</html>'))).toThrow(/not an ONNX model/);
  });
});

describe('checkBundle', () => {
  it('passes the tiny bundles', async () => {
    for (const options of [{}, { taskTokens: false, vaeEncoderChannels: 8 as const, inputIdsType: 'int64' as const }]) {
      const report = await check(await buildTinyBundle(options));
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.files).toHaveLength(6);
    }
  });

  it('catches a wrong input name and says which names the model has', async () => {
    const files = await buildTinyBundle();
    const report = await check(await withFile(files, 'unet/model.onnx', renamed(files.get('unet/model.onnx')!, 'encoder_hidden_states', 'encoder_hidden_statez')));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      'unet/model.onnx: has no input named "encoder_hidden_states" (it has "sample", "timestep", "encoder_hidden_statez"); the engine feeds Optimum\'s names',
    ]);
  });

  it('catches a model in the wrong place, by its shapes and names', async () => {
    const files = await buildTinyBundle();
    const report = await check(await withFile(files, 'vae_decoder/model.onnx', files.get('vae_encoder/model.onnx')!));
    expect(report.problems).toEqual([
      'vae_decoder/model.onnx: has no input named "latent_sample" (it has "sample"); the engine feeds Optimum\'s names',
      'vae_decoder/model.onnx: has no output named "sample" (it has "latent_sample"); the engine feeds Optimum\'s names',
    ]);
  });

  it('catches latent channels that disagree with the manifest', async () => {
    const files = await buildTinyBundle();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
    manifest.latentChannels = 16;
    const report = await check(new Map(files).set('powerpaint.json', new TextEncoder().encode(JSON.stringify(manifest))));
    expect(report.problems).toContain('unet/model.onnx input "sample" has 9 at axis 1 of [batch, 9, height, width]; the engine needs 33 (latents 16 + mask 1 + masked image 16)');
    expect(report.problems).toContain('vae_decoder/model.onnx input "latent_sample" has 4 at axis 1 of [batch, 4, latent_height, latent_width]; the engine needs 16');
  });

  it('reports damaged, missing and misdescribed files, each by name', async () => {
    const files = new Map(await buildTinyBundle());
    const text = new Uint8Array(files.get('text_encoder/model.onnx')!);
    text[100]! ^= 0xff;
    files.set('text_encoder/model.onnx', text);
    files.delete('vae_encoder/model.onnx');
    const tokenizer = JSON.parse(new TextDecoder().decode(files.get('tokenizer/tokenizer.json')));
    tokenizer.added_tokens = tokenizer.added_tokens.filter((t: { content: string }) => !t.content.startsWith('P_shape'));
    const report = await check(await withFile(files, 'tokenizer/tokenizer.json', new TextEncoder().encode(JSON.stringify(tokenizer))));
    expect(report.problems).toEqual([
      expect.stringMatching(/^text_encoder\/model\.onnx from test bundle failed its sha256 check/),
      expect.stringMatching(/^vae_encoder\/model\.onnx: The model bundle at test bundle has no file vae_encoder\/model\.onnx/),
      "tokenizer/tokenizer.json: 10 task sub-token(s) are not added tokens (P_shape_0, P_shape_1, P_shape_2, P_shape_3, P_shape_4, …); export the tokenizer with PowerPaint's added tokens",
    ]);
    expect(report.files.filter((f) => !f.ok).map((f) => f.path)).toEqual(['text_encoder/model.onnx', 'vae_encoder/model.onnx']);
  });

  it('reports every manifest problem and stops there', async () => {
    const files = await buildTinyBundle();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
    delete manifest.sampleSize;
    manifest.family = 'sd2';
    const report = await check(new Map(files).set('powerpaint.json', new TextEncoder().encode(JSON.stringify(manifest))));
    expect(report.problems).toEqual([
      'powerpaint.json: unknown family "sd2" (expected powerpaint-v1 or sd15-inpainting)',
      'powerpaint.json: "sampleSize" must be a positive integer (missing)',
    ]);
  });
});

describe('bundle:check CLI', () => {
  it('exits 0 on a good folder and 1 with the problem on a renamed input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundle-check-'));
    try {
      const files = await writeTinyBundle(dir);
      const out = { text: '', write(s: string) { this.text += s; return true; } };
      const err = { text: '', write(s: string) { this.text += s; return true; } };
      expect(await main([dir], out as never, err as never)).toBe(0);
      expect(out.text).toMatch(/OK: the engine can load this bundle\./);

      const changed = await withFile(files, 'text_encoder/model.onnx', renamed(files.get('text_encoder/model.onnx')!, 'input_ids', 'token_ids'));
      await writeFile(join(dir, 'text_encoder/model.onnx'), changed.get('text_encoder/model.onnx')!);
      await writeFile(join(dir, 'powerpaint.json'), changed.get('powerpaint.json')!);
      out.text = '';
      expect(await main([dir], out as never, err as never)).toBe(1);
      expect(out.text).toMatch(/1 problem\(s\):\n {2}- text_encoder\/model\.onnx: has no input named "input_ids" \(it has "token_ids"\)/);
      expect(await main([join(dir, 'nope')], out as never, err as never)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
