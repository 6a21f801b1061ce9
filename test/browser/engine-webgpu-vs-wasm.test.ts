import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';
import { launchChromium } from './support/chromium.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
// Same seed and bundle on two backends: float32 on both, so only summation order differs; after
// 6 DDIM steps and 8-bit rounding the pixels may move by a level or two, not more.
const TOLERANCE = 3;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const script = await build({
    entryPoints: [fileURLToPath(new URL('./engine-page/engine-check.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const page = new Map<string, string | Uint8Array>([
    ['index.html', '<!doctype html><meta charset="utf-8"><script type="module" src="engine-check.js"></script>'],
    ['engine-check.js', script.outputFiles[0]!.contents],
  ]);
  server = await startStaticServer({
    mounts: [
      { at: '/', files: page },
      { at: '/bundle', files: await buildTinyBundle() },
      { at: '/ort', dir: ORT_DIST },
    ],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the engine in Chromium', () => {
  it('gives the same image on WebGPU (SwiftShader) and on wasm', async () => {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => 'engineCheck' in globalThis);
    const result = await page.evaluate(
      (config) => (globalThis as unknown as { engineCheck: (c: unknown) => Promise<any> }).engineCheck(config),
      {
        bundleUrl: `${server.origin}/bundle/`,
        ortDistUrl: `${server.origin}/ort/`,
        request: { task: 'object', prompt: 'a red cat', steps: 6, guidance: 7.5, seed: 42 },
        size: 64,
      },
    );
    console.log('WebGPU backend:', result.webgpu.backend.reason);
    expect(result.webgpu.backend.backend).toBe('webgpu');
    expect(result.wasm.backend.backend).toBe('wasm');
    const a: number[] = result.webgpu.pixels;
    const b: number[] = result.wasm.pixels;
    expect(a).toHaveLength(64 * 64 * 4);
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
    console.log('max pixel difference WebGPU vs wasm:', max);
    expect(max).toBeLessThanOrEqual(TOLERANCE);
  });
});
