import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';
import { launchChromium } from './support/chromium.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
// Same seed and bundle on two backends: float32 on both, so only summation order (and, on the GPU
// loop, the step's algebraic form) differs; after 6 steps and 8-bit rounding pixels may move by a
// level or two, not more.
const TOLERANCE = 3;
const SIZE = 64;

let server: StaticServer;
let browser: Browser;
let page: Page;

interface CheckResult {
  backend: { backend: string; reason: string };
  latentsOnGpu?: boolean;
  pixels?: number[];
  error?: { code: string; message: string };
}

function check(backend: 'webgpu' | 'wasm', request: Record<string, unknown>, bundle = 'bundle'): Promise<CheckResult> {
  const config = { backend, bundleUrl: `${server.origin}/${bundle}/`, ortDistUrl: `${server.origin}/ort/`, request, size: SIZE };
  return page.evaluate((c) => (globalThis as unknown as { engineCheck: (c: unknown) => Promise<CheckResult> }).engineCheck(c), config);
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
  server = await startStaticServer({
    mounts: [
      { at: '/', files: pageFiles },
      { at: '/bundle', files: await buildTinyBundle() },
      { at: '/nan-bundle', files: await buildTinyBundle({ unetNaN: true }) },
      { at: '/ort', dir: ORT_DIST },
    ],
  });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => 'engineCheck' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the engine in Chromium', () => {
  const request = { task: 'object', prompt: 'a red cat', steps: 6, guidance: 7.5, seed: 42 };

  it('keeps DDIM latents on the GPU and matches wasm within tolerance', async () => {
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
  });

  it('runs a non-linear sampler (Euler a) on WebGPU with latents on the CPU, matching wasm', async () => {
    const gpu = await check('webgpu', { ...request, scheduler: 'euler-a' });
    const cpu = await check('wasm', { ...request, scheduler: 'euler-a' });
    expect(gpu.latentsOnGpu).toBe(false);
    const diff = maxDiff(gpu.pixels!, cpu.pixels!);
    console.log('Euler a, WebGPU vs wasm, max pixel difference:', diff);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('catches NaN inside the GPU loop and reports it instead of an image', async () => {
    const result = await check('webgpu', request, 'nan-bundle');
    expect(result.pixels).toBeUndefined();
    expect(result.error?.code).toBe('non-finite');
    expect(result.error?.message).toMatch(/UNet step t=\d+ on webgpu.*switch the runtime to wasm/);
  });
});
