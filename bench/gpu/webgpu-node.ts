/**
 * `npm run bench:webgpu-node`: our engine on onnxruntime-web's WebGPU backend outside a browser, with Dawn (the
 * `webgpu` npm package) as navigator.gpu in Node. No browser, no Vulkan Chromium: a GPU with a Vulkan driver.
 *
 * 1. Probes Dawn's adapter and device in a child process under a timeout, and stops (exit 3) with the reason
 *    when there is none (no Vulkan loader; llvmpipe, which Dawn refuses) instead of hanging.
 * 2. Compares WebGPU's output with wasm's on the SD-like bundle (npm run bench's, built in memory), fp32 and fp16,
 *    same request and seed: the largest and mean pixel difference.
 * 3. Times each `--bundle DIR` (e.g. the SD-1.5-shaped fp16 and fp32 bundles that bench/gpu/make-sd15-bundle.ts
 *    writes): load, ms per UNet step (median UNet call, batch 2 at guidance 7.5), ms per image (second run);
 *    at SD-1.5's widths a batch-1 step is 0.8034 TFLOP, and docs/performance.md has torch's times on an H200.
 *
 * Flags: --bundle DIR (repeatable), --steps N (20), --compare-steps N (6), --size PX (512), --timeout S (30),
 * --backends webgpu[,wasm] (which backends step 3 times; wasm skips the probe when alone).
 * Files it reads, so that it runs from bench/gpu/prebuilt/webgpu-node/ without node_modules (npm run
 * bench:gpu:prepare): dawn.node and ORT's ort-wasm-simd-threaded.jsep.{mjs,wasm} beside this script when there,
 * else from node_modules; DAWN_NODE and ORT_DIST override.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFromFiles, type BundleSource } from '../../models/bundle/bundle-source.js';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { OnnxBackend } from '../../models/engine/types.js';
import type { OrtAssets } from '../../models/runtime/ort-environment.js';
import { buildSdBundle, joinedFiles } from '../bundles/sd-like-bundle.js';
import { SD_LIKE_SHAPES } from '../bundles/sd-models.js';
import { benchRequest } from '../core/requests.js';
import { spyOnSessions } from '../core/session-spy.js';
import { installDawn, probeDawnAdapter } from './dawn-adapter.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const bundles = args.flatMap((a, i) => (a === '--bundle' ? [args[i + 1]!] : []));
const steps = Number(flag('--steps', '20'));
const compareSteps = Number(flag('--compare-steps', '6'));
const size = Number(flag('--size', '512'));
const timeoutMs = 1000 * Number(flag('--timeout', '30'));
const backends = flag('--backends', 'webgpu').split(',') as OnnxBackend[];
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.POWERPAINT_REPO ?? process.cwd();
const beside = (file: string, fallback: string) => (existsSync(`${here}/${file}`) ? `${here}/${file}` : fallback);
const dawnNode = process.env.DAWN_NODE ?? beside('dawn.node', `${repoRoot}/node_modules/webgpu/dist/${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}/dawn.node`);
const ortDist = process.env.ORT_DIST ?? (existsSync(`${here}/ort-wasm-simd-threaded.jsep.wasm`) ? here : `${repoRoot}/node_modules/onnxruntime-web/dist`);

async function main(): Promise<void> {
  const assets: OrtAssets = {
    wasmPaths: { mjs: pathToFileURL(`${ortDist}/ort-wasm-simd-threaded.jsep.mjs`).href },
    wasmBinary: await readFile(`${ortDist}/ort-wasm-simd-threaded.jsep.wasm`),
  };
  const needGpu = backends.includes('webgpu');
  if (needGpu) {
    console.log(`Dawn: ${dawnNode}`);
    const probe = await probeDawnAdapter(dawnNode, timeoutMs);
    if (!probe.ok) {
      console.error(`No WebGPU here: ${probe.explanation}`);
      process.exit(3);
    }
    console.log(`adapter: ${probe.adapter.description}; shader-f16 ${probe.adapter.features.includes('shader-f16')}; max buffer ${(probe.adapter.maxBufferSize / 2 ** 30).toFixed(1)} GiB`);
    installDawn(dawnNode);
    console.log(`\n== WebGPU against wasm: SD-like bundle, ${size} px, ${compareSteps} steps, same seed ==`);
    for (const compute of ['float32', 'float16'] as const) {
      const source = bundleFromFiles(joinedFiles(buildSdBundle(SD_LIKE_SHAPES, { compute })), `SD-like ${compute}`);
      const request = benchRequest(size, compareSteps);
      const [gpu, cpu] = [await runOnce(source, 'webgpu', assets, request), await runOnce(source, 'wasm', assets, request)];
      const { max, mean } = pixelDifference(gpu, cpu);
      console.log(`${compute}: largest pixel difference ${max} of 255, mean ${mean.toFixed(3)}`);
    }
  }
  for (const dir of bundles) {
    for (const backend of backends) await timeBundle(dir, backend, assets);
  }
}

async function runOnce(source: BundleSource, backend: OnnxBackend, assets: OrtAssets, request: ReturnType<typeof benchRequest>): Promise<Uint8ClampedArray> {
  const engine = await PowerPaintEngine.load(source, { backend, assets });
  try {
    return (await engine.run(request)).variations[0]!.image.data;
  } finally {
    await engine.release();
  }
}

/** Load, then two runs: the second's wall time is the image's, its median UNet call the step's. */
async function timeBundle(dir: string, backend: OnnxBackend, assets: OrtAssets): Promise<void> {
  console.log(`\n== ${dir} on ${backend}: ${size} px, ${steps} steps, guidance 7.5 (UNet batch 2) ==`);
  const spy = spyOnSessions();
  const loadStart = performance.now();
  const engine = await PowerPaintEngine.load(bundleFromDirectory(resolve(dir)), { backend, assets, verify: false });
  try {
    console.log(`loaded in ${(performance.now() - loadStart).toFixed(0)} ms (${engine.backend.reason})`);
    const request = benchRequest(size, steps);
    for (const run of ['first', 'second']) {
      spy.clear();
      const start = performance.now();
      const result = await engine.run(request);
      const wallMs = performance.now() - start;
      const unet = spy.calls.filter((c) => c.model === 'unet').map((c) => c.end - c.start).sort((a, b) => a - b);
      const stepMs = unet[unet.length >> 1]!;
      console.log(`${run} run: ${wallMs.toFixed(0)} ms per image; UNet step median ${stepMs.toFixed(1)} ms (${unet.length} calls); latents on GPU: ${result.latentsOnGpu}`);
    }
  } finally {
    await engine.release();
    spy.stop();
  }
}

function pixelDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
