/**
 * `npm run bench`: where every millisecond of an inpainting run goes, on the tiny bundle and on an
 * SD-like bundle (SD-1.5's structure, scaled down), in Node (wasm) and in Chromium (wasm; WebGPU on
 * SwiftShader for a correctness pass only), with issue #7's targets judged at the end.
 * Then the speed presets (Fast with LCM-LoRA's sampler, Balanced, Best) on the SD-like bundle: UNet evaluations,
 * wall and CPU time, the Fast/Best ratio, and what live previews cost per step.
 * Writes bench/results/latest.{json,html,png}. Flags: --quick, --no-browser, --no-scaling, --no-presets, --steps=N.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { bundleFromFiles } from '../models/bundle/bundle-source.js';
import { PowerPaintEngine } from '../models/engine/powerpaint-engine.js';
import { buildTinyBundle } from '../test/bundle/tiny-bundle.js';
import { openChromiumBench, type ChromiumBench } from './browser/run-in-chromium.js';
import { buildSdBundle, joinedFiles } from './bundles/sd-like-bundle.js';
import { SD_LIKE_SHAPES } from './bundles/sd-models.js';
import type { BundleReport } from './core/measure-engine.js';
import { benchRequest } from './core/requests.js';
import { spyOnSessions } from './core/session-spy.js';
import { benchmarkInNode } from './node/node-bundle-bench.js';
import { htmlReport } from './report/html-report.js';
import { bundleSummary, scalingTable, targetTable } from './report/print-report.js';
import { judgeTargets } from './report/targets.js';
import { presetsBenchmark, presetsTable, type PresetsReport } from './presets/presets-bench.js';
import { scalingBenchmark, type ScalingRow } from './scaling/scaling-bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const browserOn = !args.includes('--no-browser');
const scalingOn = !args.includes('--no-scaling');
const presetsOn = !args.includes('--no-presets');
const steps = Number(args.find((a) => a.startsWith('--steps='))?.slice(8) ?? (quick ? 6 : 20));
const repoRoot = resolve(process.env.POWERPAINT_REPO ?? process.cwd());
const outDir = resolve(repoRoot, 'bench/results');
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const started = performance.now();
  const ortVersion = JSON.parse(await readFile(`${repoRoot}/node_modules/onnxruntime-web/package.json`, 'utf8')).version as string;
  const environment: Record<string, unknown> = {
    date: new Date().toISOString(),
    cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((l) => l.toFixed(2)).join(' '),
    node: process.version,
    onnxruntimeWeb: ortVersion,
    threads: 1,
    steps,
  };
  log(`PowerPaint benchmark — ${environment.cpu}, Node ${process.version}, onnxruntime-web ${ortVersion}, load average ${environment.loadAverageAtStart}`);

  const t0 = performance.now();
  const tiny = await buildTinyBundle();
  const tinyBuildMs = performance.now() - t0;
  const sdLike = buildSdBundle(SD_LIKE_SHAPES);
  const sdFiles = joinedFiles(sdLike);
  const unet = sdLike.stats.unet;
  log(
    `bundles built in ${(performance.now() - t0).toFixed(0)} ms (tiny ${tinyBuildMs.toFixed(0)} ms); SD-like UNet: ${(unet.params / 1e6).toFixed(2)} M parameters, ` +
      `${(unet.flops / 1e9).toFixed(1)} GFLOP per batch-1 step at 64x64 latents (SD-1.5: 859.5 M, 803 GFLOP)`,
  );
  environment.sdLike = { shapes: SD_LIKE_SHAPES, stats: sdLike.stats };
  environment.tinyBundleBuildMs = tinyBuildMs;

  const bundles: BundleReport[] = [];
  log('\n[node] tiny bundle');
  bundles.push(await benchmarkInNode('tiny bundle', tiny, benchRequest(64, steps), log));
  log('[node] SD-like bundle');
  const main = await benchmarkInNode('SD-like bundle', sdFiles, benchRequest(512, steps), log);
  bundles.push(main);

  let scaling: ScalingRow[] = [];
  if (scalingOn) {
    log('\n[node] scaling (SD-like bundle, through models/full-resolution)');
    const spy = spyOnSessions();
    const engine = await PowerPaintEngine.load(bundleFromFiles(sdFiles, 'SD-like'), { backend: 'wasm' });
    try {
      scaling = await scalingBenchmark(engine, spy, {
        steps: quick ? 1 : 2,
        imageSides: [512, 1024, 2048, 4096],
        smallMaskSide: 96,
        maskAreaImageSide: 1024,
        maskFractions: quick ? [0.01, 0.25] : [0.005, 0.05, 0.25, 0.6],
        wholeImageSides: quick ? [512] : [512, 768],
        log,
      });
    } finally {
      await engine.release();
      spy.stop();
    }
  }

  let presets: PresetsReport | undefined;
  if (presetsOn) {
    log('\n[node] speed presets (SD-like bundle, 512 px, object task)');
    const spy = spyOnSessions();
    const engine = await PowerPaintEngine.load(bundleFromFiles(sdFiles, 'SD-like'), { backend: 'wasm' });
    try {
      presets = await presetsBenchmark(engine, spy, benchRequest(512, steps), log);
    } finally {
      await engine.release();
      spy.stop();
    }
  }

  let chromium: ChromiumBench | undefined;
  let webgpu: Record<string, unknown> | undefined;
  if (browserOn) {
    try {
      chromium = await openChromiumBench(repoRoot, { tiny, sdlike: sdFiles }, log);
      environment.chromium = chromium.version;
      log(`\n[chromium ${chromium.version}] SD-like bundle, wasm`);
      bundles.push(await chromium.bench('sdlike', 512, quick ? 4 : Math.min(steps, 10)));
      log('[chromium] tiny bundle: WebGPU (SwiftShader) against wasm, correctness only');
      webgpu = await chromium.webgpuCheck('tiny', 64, 6);
      log(`  ${JSON.stringify(webgpu)}`);
    } catch (error) {
      log(`  Chromium part failed: ${String((error as Error).stack ?? error)}`);
    }
  }

  const { checks, allocation } = judgeTargets(main, scaling, 64);
  environment.loadAverageAtEnd = loadavg().map((l) => l.toFixed(2)).join(' ');
  const result = { environment, bundles, scaling, presets, webgpu, allocation, checks, totalSeconds: (performance.now() - started) / 1000 };
  await mkdir(outDir, { recursive: true });
  await writeFile(`${outDir}/latest.json`, `${JSON.stringify(result, null, 1)}\n`);
  const html = htmlReport({ title: 'PowerPaint for Figma — where the time goes', environment, bundles, scaling, checks });
  await writeFile(`${outDir}/latest.html`, html);
  if (chromium) {
    await chromium.screenshot(html, `${outDir}/latest.png`).catch((e) => log(`  (no PNG: ${String(e)})`));
    await chromium.close();
  }

  for (const report of bundles) log(`\n${bundleSummary(report)}`);
  if (scaling.length) log(`\n== scaling: time against image size (fixed ${96} px mask) and mask area ==\n${scalingTable(scaling)}`);
  if (presets) log(`\n== speed presets (SD-like bundle, Node wasm, one thread) ==\n${presetsTable(presets)}`);
  log(`\n== targets (SD-like bundle, Node wasm, ${steps} steps) ==\n${targetTable(checks)}`);
  log(`\nload average at end ${environment.loadAverageAtEnd}; ${(result.totalSeconds).toFixed(0)} s in all; wrote ${outDir}/latest.{json,html${chromium ? ',png' : ''}}`);
  if (checks.some((c) => !c.holds)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
