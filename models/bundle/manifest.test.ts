import { describe, expect, it } from 'vitest';
import { buildTinyBundle } from '../../test/bundle/tiny-bundle.js';
import { manifestBytes, manifestProblems, parseManifest } from './manifest.js';

async function tinyManifest(options = {}): Promise<Record<string, unknown>> {
  return JSON.parse(new TextDecoder().decode((await buildTinyBundle(options)).get('powerpaint.json')));
}

describe('powerpaint.json validation', () => {
  it('accepts the tiny bundles', async () => {
    for (const taskTokens of [true, false]) {
      const manifest = parseManifest(await tinyManifest({ taskTokens }), 'tiny');
      expect(manifest.files).toHaveLength(6);
      expect(manifestBytes(manifest)).toBeGreaterThan(10_000);
    }
  });

  it('lists every problem, each naming the key and what it should be', async () => {
    const json = await tinyManifest();
    json.version = 3;
    json.sampleSize = 0;
    json.precision = 'int8';
    json.defaults = { steps: 0, scheduler: 'PNDM' };
    const problems = manifestProblems(json);
    expect(problems).toEqual([
      '"version" must be a non-empty string, e.g. "1.0.0"',
      '"precision" must be "fp32" or "fp16" (got "int8")',
      '"sampleSize" must be a positive integer (got 0)',
      '"defaults.steps" must be an integer from 1 to 1000 (got 0)',
      expect.stringMatching(/^"defaults.scheduler" "PNDM" is not a known scheduler \(DDIMScheduler, /),
    ]);
    expect(() => parseManifest(json, 'here')).toThrow(/^powerpaint\.json in here: "version" must be .*; "precision" .* Re-export or re-download the bundle\.$/);
  });

  it('checks files: paths, duplicates, hashes, required files and the 2 GiB limit', async () => {
    const json = await tinyManifest();
    const files = json.files as { path: string; bytes: number; sha256: string }[];
    files.push({ path: '../escape.onnx', bytes: 1, sha256: 'a'.repeat(64) });
    files.push({ ...files[0]! });
    files.push({ path: 'unet/model.onnx_data', bytes: 3_400_000_000, sha256: 'b'.repeat(64) });
    files.push({ path: 'x.bin', bytes: 1, sha256: 'not-a-hash' });
    json.files = files.filter((f) => f.path !== 'vae_encoder/model.onnx');
    expect(manifestProblems(json)).toEqual([
      'files[5].path "../escape.onnx" must be a relative path with forward slashes, without "." or ".." parts',
      'files[6].path "scheduler/scheduler_config.json" is listed twice',
      'unet/model.onnx_data is 3400000000 bytes, over the 2 GiB a browser can hold in one buffer; export its weights as ONNX external data in files under 2 GiB',
      'files[8].sha256 (x.bin) is not a hex sha256',
      '"files" does not list vae_encoder/model.onnx',
    ]);
  });

  it('needs task tokens for a PowerPaint bundle, and knows the families', async () => {
    const json = await tinyManifest({ taskTokens: false });
    json.family = 'powerpaint-v1';
    expect(manifestProblems(json)).toEqual([expect.stringMatching(/"taskTokens" is required for family "powerpaint-v1"/)]);
    json.family = 'sdxl';
    expect(manifestProblems(json)).toEqual(['unknown family "sdxl" (expected powerpaint-v1 or sd15-inpainting)']);
    expect(manifestProblems([])).toEqual(['not a JSON object']);
  });
});
