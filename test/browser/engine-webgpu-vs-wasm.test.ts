import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';
import { launchChromium } from './support/chromium.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
/** A diffusers repo as published (fp16 variant, vocab.json + merges.txt): graphs built in the page. */
const DIFFUSERS_REPO = fileURLToPath(new URL('../fixtures/hub-repos/tiny-pp/powerpaint-v1/', import.meta.url));
// Same seed and bundle on two backends: float32 on both, so only summation order (and, on the GPU
// loop, the step's algebraic form) differs; after 6 steps and 8-bit rounding pixels may move by a
// level or two, not more.
const TOLERANCE = 3;
const SIZE = 64;

let server: StaticServer;
let isolatedServer: StaticServer;
let browser: Browser;
let page: Page;
let isolatedPage: Page;

interface CheckResult {
  backend: { backend: string; reason: string };
  latentsOnGpu?: boolean;
  threads?: number;
  isolated?: boolean;
  pixels?: number[];
  previews?: { step: number; width: number; height: number; pixels?: number[] }[];
  error?: { code: string; message: string };
}

function check(backend: 'webgpu' | 'wasm', request: Record<string, unknown>, bundle = 'bundle', on = page): Promise<CheckResult> {
  const origin = on === page ? server.origin : isolatedServer.origin;
  const config = { backend, bundleUrl: `${origin}/${bundle}/`, ortDistUrl: `${origin}/ort/`, request, size: SIZE };
  return on.evaluate((c) => (globalThis as unknown as { engineCheck: (c: unknown) => Promise<CheckResult> }).engineCheck(c), config);
}

function maxDiff(a: number[], b: number[]): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

beforeAll(async () => {
  const script = await build({
    entryPoints: [fileURLToPath(new URL('./engine-page/engine-check.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const pageFiles = new Map<string, string | Uint8Array>([
    ['index.html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="engine-check.js"></script>'],
    ['engine-check.js', script.outputFiles[0]!.contents],
  ]);
  const mounts = [
    { at: '/', files: pageFiles },
    { at: '/bundle', files: await buildTinyBundle() },
    { at: '/nan-bundle', files: await buildTinyBundle({ unetNaN: true }) },
    { at: '/diffusers', dir: DIFFUSERS_REPO },
    { at: '/ort', dir: ORT_DIST },
  ];
  server = await startStaticServer({ mounts });
  isolatedServer = await startStaticServer({ mounts, isolated: true });
  browser = await launchChromium();
  const open = async (origin: string) => {
    const opened = await browser.newPage();
    opened.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
    await opened.goto(`${origin}/index.html`);
    await opened.waitForFunction(() => 'engineCheck' in globalThis);
    return opened;
  };
  page = await open(server.origin);
  isolatedPage = await open(isolatedServer.origin);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await isolatedServer?.close();
});

describe('the engine in Chromium', () => {
  const request = { task: 'object', prompt: 'a red cat', steps: 6, guidance: 7.5, seed: 42 };

  it('keeps DDIM latents on the GPU, previews from them, and matches wasm within tolerance', async () => {
    const gpu = await check('webgpu', request);
    const cpu = await check('wasm', request);
    console.log(gpu.backend.reason);
    expect(gpu.error).toBeUndefined();
    expect(gpu.backend.backend).toBe('webgpu');
    expect(gpu.latentsOnGpu).toBe(true);
    expect(cpu.latentsOnGpu).toBe(false);
    expect(gpu.pixels).toHaveLength(SIZE * SIZE * 4);
    const diff = maxDiff(gpu.pixels!, cpu.pixels!);
    console.log('DDIM, GPU loop vs wasm, max pixel difference:', diff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    // Live previews (on in both runs) come from the GPU loop too, read back only when drawn, at the run's size:
    // the step's x0, as the CPU loop shows it (not the noisy sample the loop carries on with).
    for (const run of [gpu, cpu]) {
      expect(run.previews![0]).toMatchObject({ step: 1, width: SIZE, height: SIZE });
      expect(run.previews!.every((p) => p.step < request.steps)).toBe(true);
    }
    const previewDiff = maxDiff(gpu.previews![0]!.pixels!, cpu.previews![0]!.pixels!);
    console.log('DDIM, first preview, GPU loop vs wasm, max pixel difference:', previewDiff);
    expect(previewDiff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('runs a non-linear sampler (Euler a) on WebGPU with latents on the CPU, matching wasm', async () => {
    const gpu = await check('webgpu', { ...request, scheduler: 'euler-a' });
    const cpu = await check('wasm', { ...request, scheduler: 'euler-a' });
    expect(gpu.latentsOnGpu).toBe(false);
    const diff = maxDiff(gpu.pixels!, cpu.pixels!);
    console.log('Euler a, WebGPU vs wasm, max pixel difference:', diff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('runs wasm single-threaded without isolation and with threads in a cross-origin isolated page', async () => {
    const single = await check('wasm', request);
    const threaded = await check('wasm', request, 'bundle', isolatedPage);
    expect([single.isolated, single.threads]).toEqual([false, 1]);
    expect(threaded.isolated).toBe(true);
    const cores = await isolatedPage.evaluate(() => navigator.hardwareConcurrency);
    expect(threaded.threads).toBe(Math.max(1, Math.min(4, cores)));
    console.log('threads in the isolated page:', threaded.threads);
    expect(maxDiff(single.pixels!, threaded.pixels!)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('builds a diffusers repo\'s graphs in the page and runs them on WebGPU (float32: SwiftShader has no shader-f16) as on wasm', async () => {
    const gpu = await check('webgpu', request, 'diffusers');
    const cpu = await check('wasm', request, 'diffusers');
    expect(gpu.error).toBeUndefined();
    expect(cpu.error).toBeUndefined();
    expect([gpu.backend.backend, gpu.latentsOnGpu]).toEqual(['webgpu', true]);
    const diff = maxDiff(gpu.pixels!, cpu.pixels!);
    console.log('diffusers repo, GPU loop vs wasm, max pixel difference:', diff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('catches NaN inside the GPU loop and reports it instead of an image', async () => {
    const result = await check('webgpu', request, 'nan-bundle');
    expect(result.pixels).toBeUndefined();
    expect(result.error?.code).toBe('non-finite');
    expect(result.error?.message).toMatch(/UNet step t=\d+ on webgpu.*switch the runtime to wasm/);
  });
});
