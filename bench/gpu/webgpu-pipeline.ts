/**
 * Our pipeline itself on a real GPU: the engine in Chromium on WebGPU with the SD-1.5-shaped fp16
 * bundle (fp32's 3.4 GB UNet does not fit a wasm32 page's 4 GB). Needs node_modules (esbuild,
 * playwright-core, onnxruntime-web) and a Chromium whose WebGPU reaches the GPU (Vulkan).
 * Usage: node bench/run.mjs bench/gpu/webgpu-pipeline.ts --bundle DIR [--steps 20]
 */
import { build } from 'esbuild';
import { stat } from 'node:fs/promises';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { startStaticServer } from '../../test/browser/support/static-server.js';

const args = process.argv.slice(2);
const bundleDir = args[args.indexOf('--bundle') + 1];
const steps = Number(args.includes('--steps') ? args[args.indexOf('--steps') + 1] : 20);
const repoRoot = process.env.POWERPAINT_REPO ?? process.cwd();
if (!bundleDir || args.indexOf('--bundle') < 0) {
  console.error('usage: webgpu-pipeline --bundle DIR [--steps N]');
  process.exit(2);
}
await stat(`${bundleDir}/powerpaint.json`);
const script = await build({ entryPoints: [`${repoRoot}/bench/browser/bench-page.ts`], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
const server = await startStaticServer({
  mounts: [
    { at: '/', files: new Map<string, string | Uint8Array>([
      ['index.html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="bench-page.js"></script>'],
      ['bench-page.js', script.outputFiles[0]!.contents],
    ]) },
    { at: '/bundle', dir: bundleDir },
    { at: '/ort', dir: `${repoRoot}/node_modules/onnxruntime-web/dist/` },
  ],
});
// Real GPUs on headless Linux: WebGPU through Vulkan, GPU blocklist off.
const browser = await launchChromium(['--enable-features=Vulkan', '--use-vulkan=native', '--use-angle=vulkan', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu']);
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`[page] ${m.text()}`));
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => 'gpuPipeline' in globalThis);
  const adapter = await page.evaluate(async () => {
    type Info = { vendor?: string; architecture?: string; description?: string; device?: string };
    const a = await (navigator as unknown as { gpu?: { requestAdapter(o: unknown): Promise<{ info?: Info } | null> } }).gpu?.requestAdapter({ powerPreference: 'high-performance' });
    const info = a?.info ?? {};
    return a ? [info.vendor, info.architecture, info.description, info.device].filter(Boolean).join(' ') || 'unknown adapter' : null;
  });
  if (!adapter || /swiftshader/i.test(adapter)) {
    throw new Error(`Chromium's WebGPU adapter is ${adapter ?? 'missing'}, not the GPU: check Vulkan (vulkaninfo) and the NVIDIA driver's ICD.`);
  }
  const config = { bundleName: 'sd15', bundleUrl: `${server.origin}/bundle/`, ortDistUrl: `${server.origin}/ort/`, size: 512, steps };
  const result = await page.evaluate((c) => (globalThis as unknown as { gpuPipeline: (c: unknown) => Promise<{ adapter: string; loadMs: number; runs: { wallMs: number; stepTimes: number[]; latentsOnGpu: boolean }[] }> }).gpuPipeline(c), config);
  const second = result.runs[1]!;
  const sorted = [...second.stepTimes].sort((a, b) => a - b);
  const stepMs = sorted[sorted.length >> 1]!;
  console.log(`adapter ${result.adapter}; load ${result.loadMs.toFixed(0)} ms; second run ${second.wallMs.toFixed(0)} ms, latents on GPU: ${second.latentsOnGpu}`);
  console.log(`UNet step (batch 2, 64x64) in our pipeline: median ${stepMs.toFixed(1)} ms = ${((2 * 0.8034) / (stepMs / 1000)).toFixed(1)} TFLOP/s`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
}
