/**
 * `npm run bench -- bench/scaling/large-source.ts [--max-side=N] [--builds=N] [--repeats=N]`: timings
 * that used to be assertions in unit tests, measured here and printed, never judged against a wall-clock
 * bound (a loaded 2-core CI machine makes any such bound flaky):
 *
 * - the tiny test bundle's build time (test/bundle/tiny-bundle.test.ts once required < 2 s), median of
 *   --builds builds (default 5);
 * - a huge source with a small mask through the full-resolution layer (test/full-resolution/
 *   large-source.test.ts once required a 16384 px source in < 60 s): the same request at 1024 px, 4096 px
 *   and --max-side (default 16384; FULLRES_BIG_SIDE as in the test), median wall and CPU time of --repeats
 *   runs (default 3), peak extra ArrayBuffer memory, and the ratios to the 1024 px run. Only the window
 *   around the mask is processed, so the ratio should stay small however large the source; the test keeps
 *   the correctness and memory checks.
 *
 * The tiny bundle measures our JS (window planning, crop, paste), not a model. Node, one thread.
 */
import { bundleFromFiles } from '../../models/bundle/bundle-source.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { buildTinyBundle } from '../../test/bundle/tiny-bundle.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const maxSide = Number(flag('max-side') ?? process.env.FULLRES_BIG_SIDE ?? 16384);
const builds = Number(flag('builds') ?? 5);
const repeats = Number(flag('repeats') ?? 3);
const log = (line: string) => console.log(line);

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** The large-source test's picture: a horizontal gradient, with a 30 x 40 mask at 60 % across and down. */
function source(side: number): { image: RgbaImage; mask: MaskImage } {
  const data = new Uint8ClampedArray(side * side * 4);
  const row = new Uint8ClampedArray(side * 4);
  for (let x = 0; x < side; x++) row.set([x & 255, (x >> 4) & 255, 128, 255], x * 4);
  for (let y = 0; y < side; y++) data.set(row, y * side * 4);
  const mask = new Uint8Array(side * side);
  const at = Math.floor(side * 0.6);
  for (let y = at; y < at + 40; y++) mask.fill(255, y * side + at, y * side + at + 30);
  return { image: { width: side, height: side, data }, mask: { width: side, height: side, data: mask } };
}

async function main(): Promise<void> {
  log(`Timings moved out of the unit tests — Node ${process.version}`);

  const buildMs: number[] = [];
  const buildCpuMs: number[] = [];
  let files = new Map<string, Uint8Array>();
  for (let i = 0; i < builds; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    files = await buildTinyBundle();
    buildMs.push(performance.now() - t0);
    buildCpuMs.push(cpuMs(cpu0));
  }
  const build = median(buildMs);
  log(
    `tiny bundle build: median ${build.toFixed(0)} ms wall, ${median(buildCpuMs).toFixed(0)} ms CPU over ${builds} builds ` +
      `(first ${buildMs[0]!.toFixed(0)} ms); ${(build / 2000).toFixed(2)} of the 2 s the unit test used to allow`,
  );

  const engine = await PowerPaintEngine.load(bundleFromFiles(files, 'tiny bundle'));
  try {
    const sides = [...new Set([1024, 4096, maxSide].filter((side) => side <= maxSide))].sort((a, b) => a - b);
    // Warm-up: the first run pays ORT's shape-dependent setup; keep it out of the series.
    const warm = source(512);
    await inpaintFullResolution(engine, { ...warm, task: 'remove', steps: 2, seed: 5 }, { fullImage: 'none' });
    let reference: { wall: number; cpu: number } | undefined;
    for (const side of sides) {
      const { image, mask } = source(side);
      const wall: number[] = [];
      const cpu: number[] = [];
      let windows = 0;
      let peakExtra = 0;
      for (let i = 0; i < repeats; i++) {
        const before = process.memoryUsage().arrayBuffers;
        let peak = before;
        const sample = () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers));
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const result = await inpaintFullResolution(engine, { image, mask, task: 'remove', steps: 2, seed: 5 }, { fullImage: 'none' }, { onProgress: sample });
        wall.push(performance.now() - t0);
        cpu.push(cpuMs(cpu0));
        sample();
        windows = result.windows.length;
        peakExtra = Math.max(peakExtra, peak - before);
      }
      const row = { wall: median(wall), cpu: median(cpu) };
      reference ??= row;
      log(
        `${String(side).padStart(5)} px source, 30 x 40 mask: median ${row.wall.toFixed(0).padStart(5)} ms wall, ${row.cpu.toFixed(0).padStart(5)} ms CPU ` +
          `(${repeats} runs), ${windows} window(s), peak extra arrayBuffers ${mib(peakExtra)} MiB; ` +
          `ratio to ${sides[0]} px: wall ${(row.wall / reference.wall).toFixed(2)}, CPU ${(row.cpu / reference.cpu).toFixed(2)}` +
          (side === 16384 ? `; ${(row.wall / 60_000).toFixed(3)} of the 60 s the unit test used to allow` : ''),
      );
    }
  } finally {
    await engine.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
