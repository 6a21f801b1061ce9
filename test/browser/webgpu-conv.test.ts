/**
 * WebGPU vs wasm on SD-1.5 inpainting's conv_in (Conv 9 -> 320, 3x3, 64x64), in headless Chromium
 * (SwiftShader WebGPU). onnxruntime-web 1.30's `onnxruntime-web/webgpu` build computes Convs with 9 input
 * channels WRONG in its default NHWC layout; this test pins down the configurations that are right.
 *
 * ORT is bundled with esbuild exactly as the plugin's build resolves it (browser platform, so
 * 'onnxruntime-web' -> dist/ort.bundle.min.mjs, the JSEP build), and its .wasm files are served from
 * node_modules/onnxruntime-web/dist with `env.wasm.wasmPaths` set explicitly.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildConvModel } from '../bundle/tiny-models.js';
import { launchChromium } from './support/chromium.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

/** Observed: ~1e-6 where right, ~2.5 where wrong (outputs are ~2 in magnitude). */
const TOLERANCE = 1e-3;

const CONV_IN = { inChannels: 9, outChannels: 320, size: 64 };
const SMALL = { inChannels: 9, outChannels: 32, size: 16 };
type ConvShape = typeof CONV_IN;
const modelPath = (m: ConvShape) => `conv-${m.inChannels}-${m.outChannels}-3-${m.size}.onnx`;

/** The import specifiers under test, bundled for the browser as the plugin build would. */
const ORT_ENTRIES = { default: 'onnxruntime-web', webgpu: 'onnxruntime-web/webgpu' } as const;
type OrtEntry = keyof typeof ORT_ENTRIES;

interface ConvResult extends ConvShape {
  dims: number[];
  sameLength: boolean;
  maxAbsDiff: number;
  maxAbsReference: number;
  nonFinite: number;
  wasmMs: number;
  webgpuMs: number;
}
interface CheckResult {
  adapter: Record<string, unknown> | null;
  ortVersion: string | null;
  usedDevice: boolean;
  results: ConvResult[];
}

async function bundleOrt(specifier: string): Promise<Uint8Array> {
  const result = await esbuild.build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: fileURLToPath(new URL('../..', import.meta.url)), loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${specifier}`);
  return output.contents;
}

describe('WebGPU Conv matches wasm (SD-1.5 inpainting conv_in)', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    const models = new Map([CONV_IN, SMALL].map((m) => [modelPath(m), buildConvModel(m.inChannels, m.outChannels, 3, m.size)]));
    const entries = new Map<string, Uint8Array>();
    for (const [name, specifier] of Object.entries(ORT_ENTRIES)) entries.set(`${name}.mjs`, await bundleOrt(specifier));
    server = await startStaticServer({
      mounts: [
        { at: '/page', dir: fileURLToPath(new URL('./conv-page', import.meta.url)) },
        { at: '/ort-entry', files: entries },
        { at: '/ort', dir: fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist', import.meta.url)) },
        { at: '/models', files: models },
      ],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page per configuration: each ORT build gets its own module instance and GPU device. */
  async function check(entry: OrtEntry, webgpu: string | Record<string, unknown>, models: ConvShape[]): Promise<CheckResult> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await page.goto(`${server.origin}/page/index.html`);
      await page.waitForFunction('window.convPageReady === true');
      const config = {
        ortUrl: `${server.origin}/ort-entry/${entry}.mjs`,
        wasmPaths: `${server.origin}/ort/`,
        webgpu,
        models: models.map((m) => ({ ...m, url: `${server.origin}/models/${modelPath(m)}` })),
      };
      const result = await page.evaluate(
        (c) => (window as unknown as { runConvCheck(c: unknown): Promise<CheckResult> }).runConvCheck(c),
        config,
      );
      expect(errors).toEqual([]);
      return result;
    } finally {
      await page.close();
    }
  }

  function expectAgreement(result: CheckResult, label: string): void {
    expect(result.ortVersion).toBe('1.30.0');
    expect(result.usedDevice, `${label}: the webgpu EP never created a GPU device`).toBe(true);
    for (const r of result.results) {
      const what = `${label}, Conv ${r.inChannels}->${r.outChannels} 3x3 on ${r.size}x${r.size}`;
      console.info(`${what}: max |webgpu - wasm| = ${r.maxAbsDiff.toExponential(2)} (|y| up to ${r.maxAbsReference.toFixed(2)}; wasm ${r.wasmMs} ms, webgpu ${r.webgpuMs} ms)`);
      expect(r.dims).toEqual([1, r.outChannels, r.size, r.size]);
      expect(r.sameLength).toBe(true);
      expect(r.nonFinite, what).toBe(0);
      expect(r.maxAbsReference, `${what}: a trivial output proves nothing`).toBeGreaterThan(0.5);
      expect(r.maxAbsDiff, what).toBeLessThan(TOLERANCE);
    }
  }

  test('Chromium has a WebGPU adapter (SwiftShader without a GPU)', async () => {
    const { adapter } = await check('default', 'webgpu', []);
    console.info(`WebGPU adapter: ${JSON.stringify(adapter)}`);
    expect(adapter, 'no WebGPU adapter: launch Chromium with --enable-unsafe-webgpu').not.toBeNull();
    expect(adapter?.maxBufferSize).toBeGreaterThan(0);
  });

  // The configuration the engine uses: the default export (JSEP WebGPU) with default options.
  test("'onnxruntime-web' (JSEP) with executionProviders ['webgpu']", async () => {
    expectAgreement(await check('default', 'webgpu', [CONV_IN, SMALL]), "'onnxruntime-web' + 'webgpu'");
  });

  // NCHW is right on both builds, so it is the safe option if the engine ever moves to the new build.
  test("'onnxruntime-web' and 'onnxruntime-web/webgpu' with { name: 'webgpu', preferredLayout: 'NCHW' }", async () => {
    const nchw = { name: 'webgpu', preferredLayout: 'NCHW' };
    expectAgreement(await check('default', nchw, [CONV_IN, SMALL]), "'onnxruntime-web' + NCHW");
    expectAgreement(await check('webgpu', nchw, [CONV_IN, SMALL]), "'onnxruntime-web/webgpu' + NCHW");
  });

  // Canary for DESIGN's runtime fact. If this fails, ORT fixed the NHWC bug: update DESIGN.md.
  test("known ORT 1.30 bug: 'onnxruntime-web/webgpu' with its default (NHWC) layout is wrong for 9 input channels", async () => {
    const [small] = (await check('webgpu', 'webgpu', [SMALL])).results;
    console.info(`'onnxruntime-web/webgpu' + 'webgpu' (NHWC), Conv 9->32 on 16x16: max |webgpu - wasm| = ${small?.maxAbsDiff}`);
    expect(small?.maxAbsDiff, 'the NHWC 9-channel Conv bug looks fixed: update DESIGN.md').toBeGreaterThan(0.1);
  });
});
