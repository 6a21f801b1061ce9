// The benchmark inside Chromium: the same measureEngine code as in Node, with the page's memory probe.
// Bundled by esbuild when `npm run bench` starts; the Node side serves it with the bundles and ORT.
import { bundleFromUrl } from '../../models/bundle/bundle-source.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { benchmarkBundle, type MemoryProbe, type MemorySample } from '../core/measure-engine.js';
import { benchRequest } from '../core/requests.js';

interface PageConfig {
  bundleName: string;
  bundleUrl: string;
  ortDistUrl: string;
  size: number;
  steps: number;
}

interface ChromeMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

/** performance.memory (Chromium; precise with --enable-precise-memory-info). GCs are not visible here. */
function pageMemoryProbe(): MemoryProbe {
  const memory = () => (performance as unknown as { memory?: ChromeMemory }).memory;
  return {
    sample(): MemorySample {
      const m = memory();
      return m ? { usedJSHeapSize: m.usedJSHeapSize, totalJSHeapSize: m.totalJSHeapSize } : {};
    },
    highWater() {
      return {};
    },
    async takeGcs() {
      return [];
    },
  };
}

async function benchBundle(config: PageConfig) {
  const lines: string[] = [];
  const report = await benchmarkBundle({
    bundleName: config.bundleName,
    runtime: `chromium-wasm${globalThis.crossOriginIsolated ? '' : ' (1 thread, not isolated, as in Figma)'}`,
    source: bundleFromUrl(config.bundleUrl),
    engineOptions: { backend: 'wasm', assets: { wasmPaths: config.ortDistUrl } },
    request: benchRequest(config.size, config.steps),
    probe: pageMemoryProbe(),
    log: (line) => lines.push(line),
  });
  return { report, lines };
}

/** WebGPU (SwiftShader here) against wasm on the same request: a correctness pass, timings only for the record. */
async function webgpuCheck(config: PageConfig) {
  const request = benchRequest(config.size, config.steps);
  const out: Record<string, unknown> = {};
  const pixels: Record<string, Uint8ClampedArray> = {};
  for (const backend of ['webgpu', 'wasm'] as const) {
    try {
      const engine = await PowerPaintEngine.load(bundleFromUrl(config.bundleUrl), { backend, assets: { wasmPaths: config.ortDistUrl } });
      try {
        const t0 = performance.now();
        const result = await engine.run(request);
        out[backend] = { ms: performance.now() - t0, latentsOnGpu: result.latentsOnGpu, reason: engine.backend.reason };
        pixels[backend] = result.variations[0]!.image.data;
      } finally {
        await engine.release();
      }
    } catch (error) {
      out[backend] = { error: String((error as Error).message ?? error) };
    }
  }
  if (pixels.webgpu && pixels.wasm) {
    let max = 0;
    for (let i = 0; i < pixels.wasm.length; i++) max = Math.max(max, Math.abs(pixels.wasm[i]! - pixels.webgpu[i]!));
    out.maxPixelDiff = max;
  }
  return out;
}

/**
 * The engine on a real GPU (bench/gpu): WebGPU, two runs, per-step times from the progress events (the
 * GPU loop waits for each step's NaN flag, so a step's time is the GPU's). No bare loop: feeds live on the GPU.
 */
async function gpuPipeline(config: PageConfig) {
  const t0 = performance.now();
  const engine = await PowerPaintEngine.load(bundleFromUrl(config.bundleUrl), { backend: 'webgpu', assets: { wasmPaths: config.ortDistUrl }, verify: false });
  const loadMs = performance.now() - t0;
  const runs = [];
  try {
    for (let i = 0; i < 2; i++) {
      const stepTimes: number[] = [];
      let last = 0;
      const start = performance.now();
      const result = await engine.run(benchRequest(config.size, config.steps), {
        onProgress: (p) => {
          const now = performance.now();
          if (p.stage === 'denoise' && p.step > 0) stepTimes.push(now - last);
          if (p.stage === 'denoise') last = now;
        },
      });
      runs.push({ wallMs: performance.now() - start, stepTimes, timings: result.timings, latentsOnGpu: result.latentsOnGpu });
    }
  } finally {
    await engine.release();
  }
  return { adapter: engine.backend.reason, loadMs, runs };
}

Object.assign(globalThis, { benchBundle, webgpuCheck, gpuPipeline });
