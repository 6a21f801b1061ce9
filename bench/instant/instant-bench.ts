/**
 * `npm run bench:instant`: instant remove against OpenCV's Telea and Navier-Stokes fills, on public
 * photos and textures (shared/images) and synthetic structured scenes, with holes of five shapes.
 * Scores inside the hole and on an 8 px ring around it, foreign content, time; a 512 px window's
 * median time; writes bench/results/instant-remove.json and a side-by-side sheet. See README.md here.
 * Flags: --images DIR (default: shared/images, else ../shared/images), --only NAMES (pictures named
 * in a comma-separated list), --runs N (timing runs for the 512 px window, default 7).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { dilateSquare, holeDepth, holeFromMask } from '../../models/instant/hole-mask.js';
import { InstantRemoveEngine } from '../../models/instant/instant-remove-engine.js';
import { samplingBand } from '../../models/instant/sampling-band.js';
import { resizeRgba } from '../../models/image/resize-rgba.js';
import { InstantEngine } from '../../ui/engine/instant-engine.js';
import { benchImages, type Category } from './bench-images.js';
import { HOLE_SHAPES, makeHole, type HoleShape } from './bench-holes.js';
import { comparisonSheet, type SheetRow } from './comparison-sheet.js';
import { FOREIGN_FLAG_FRACTION, foreignFraction } from './foreign-content.js';
import { loadOpenCv, opencvInpaint } from './opencv-peers.js';
import { detailRatio, scoreRegion, type RegionScores } from './quality-metrics.js';
import { timeRuns } from '../core/time-runs.js';

const METHODS = ['ours', 'telea', 'ns'] as const;
type Method = (typeof METHODS)[number];
/** The halo the old window path left reached 8 px: the ring scored around each hole. */
const RING_PX = 8;

interface MethodScores {
  hole: RegionScores;
  ring: RegionScores;
  foreign: number;
  /** Hole detail against the truth's (`detailRatio`): far below 1 is a blurred fill. */
  detail: number;
  ms: number;
}

interface CaseResult {
  image: string;
  category: Category;
  shape: HoleShape;
  holePixels: number;
  scores: Record<Method, MethodScores>;
}

const repo = process.env.POWERPAINT_REPO ?? process.cwd();
const flags = parseFlags(process.argv.slice(2));
const imagesDir = flags.images ?? [join(repo, 'shared/images'), join(repo, '../shared/images')].find((dir) => existsSync(dir));
if (!imagesDir) throw new Error('No shared/images here or in ../shared: pass --images DIR.');
const { cv } = await loadOpenCv();
const windowEngine = new InstantEngine();

const cases: CaseResult[] = [];
const sheetRows: SheetRow[] = [];
// Each picture keeps its place in the full list, so --only scores the same holes as a full run.
const images = benchImages(imagesDir).map((bench, imageIndex) => ({ bench, imageIndex })).filter(({ bench }) => !flags.only || flags.only.split(',').includes(bench.name));
for (const { bench, imageIndex } of images) {
  for (const [shapeIndex, shape] of HOLE_SHAPES.entries()) {
    const truth = bench.image;
    const mask = makeHole(shape, truth.width, truth.height, 1000 * imageIndex + shapeIndex + 1, bench.focus);
    const results = {} as Record<Method, RgbaImage>;
    const times = {} as Record<Method, number>;
    for (const method of METHODS) {
      const start = performance.now();
      results[method] = await fill(method, truth, mask);
      times[method] = performance.now() - start;
    }
    cases.push(scoreCase(bench.name, bench.category, shape, truth, mask, results, times));
    const scored = cases.at(-1)!.scores;
    console.error(`${bench.name} ${shape}: ${METHODS.map((m) => `${m} ${scored[m].hole.psnr.toFixed(1)} dB ${scored[m].ms.toFixed(0)} ms`).join(', ')}`);
    sheetRows.push({ truth, mask, results: METHODS.map((m) => results[m]) });
  }
}

const timing = await timeWindow(Number(flags.runs ?? 7));
const outDir = join(repo, 'bench/results');
mkdirSync(outDir, { recursive: true });
const summary = summarise(cases);
writeFileSync(join(outDir, 'instant-remove.json'), JSON.stringify({ date: new Date().toISOString(), timing, summary, cases }, null, 1));
const sheetPath = join(outDir, 'instant-remove-sheet.png');
writeFileSync(sheetPath, comparisonSheet(sheetRows));
printReport(summary, timing, cases);
console.log(`\nSheet (columns: input with the hole in magenta, truth, ${METHODS.join(', ')}): ${sheetPath}`);

async function fill(method: Method, image: RgbaImage, mask: MaskImage): Promise<RgbaImage> {
  if (method !== 'ours') return opencvInpaint(cv, method, image, mask);
  // The window's own engine class, so what is scored is what a designer gets.
  const result = await windowEngine.run(
    { image, mask, task: 'remove', prompt: '', negativePrompt: '', fittingDegree: 1, steps: 1, guidance: 1, scheduler: 'ddim', seed: 1, variations: 1 },
    {},
  );
  return result.variations[0]!.image;
}

function scoreCase(name: string, category: Category, shape: HoleShape, truth: RgbaImage, mask: MaskImage, results: Record<Method, RgbaImage>, times: Record<Method, number>): CaseResult {
  const { width, height } = truth;
  const hole = holeFromMask(mask);
  const grown = dilateSquare(hole, width, height, RING_PX);
  const ring = grown.map((g, i) => g & (1 - hole[i]!));
  const band = samplingBand(hole, width, height, holeDepth(hole, width, height));
  const scores = {} as Record<Method, MethodScores>;
  for (const method of METHODS) {
    const result = results[method];
    scores[method] = { hole: scoreRegion(result, truth, hole), ring: scoreRegion(result, truth, ring), foreign: foreignFraction(result, hole, band), detail: detailRatio(result, truth, hole), ms: times[method] };
  }
  return { image: name, category, shape, holePixels: hole.reduce((a, b) => a + b, 0), scores };
}

/** The 512 px window of issue #8's benchmark (the cat photo, a disc over ~10% of it), `runs` times each. */
async function timeWindow(runs: number) {
  const chelsea = benchImages(imagesDir!).find((b) => b.name === 'chelsea')!.image;
  const image = resizeRgba(chelsea, 512, 512);
  const mask = makeDisc(512, 512, 358, 230, 92);
  const engine = new InstantRemoveEngine();
  const measure = async (run: () => unknown) => {
    const times = await timeRuns(run, runs, true);
    return { ...times, allMs: times.allMs.map((t) => Math.round(t)) };
  };
  return {
    window: '512x512, disc of radius 92 (10% of the area)',
    ours: await measure(() => engine.run({ image, mask, task: 'remove', seed: 1 })),
    telea: await measure(() => opencvInpaint(cv, 'telea', image, mask)),
    ns: await measure(() => opencvInpaint(cv, 'ns', image, mask)),
  };
}

function makeDisc(width: number, height: number, cx: number, cy: number, r: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * width + x] = 255;
  return { width, height, data };
}

type Summary = Record<string, Record<Method, { holePsnr: number; holeSsim: number; holeEdge: number; ringPsnr: number; ringSsim: number; foreignFlags: number; ssimWins: number; detail: number; meanMs: number }>>;

function summarise(all: CaseResult[]): Summary {
  const summary: Summary = {};
  for (const category of ['photo', 'texture', 'synthetic', 'all']) {
    const group = all.filter((c) => category === 'all' || c.category === category);
    if (group.length === 0) continue;
    const mean = (f: (c: CaseResult) => number) => group.reduce((s, c) => s + f(c), 0) / group.length;
    summary[category] = {} as Summary[string];
    for (const m of METHODS) {
      summary[category]![m] = {
        holePsnr: mean((c) => c.scores[m].hole.psnr),
        holeSsim: mean((c) => c.scores[m].hole.ssim),
        holeEdge: mean((c) => c.scores[m].hole.edge),
        ringPsnr: mean((c) => c.scores[m].ring.psnr),
        ringSsim: mean((c) => c.scores[m].ring.ssim),
        foreignFlags: group.filter((c) => c.scores[m].foreign > FOREIGN_FLAG_FRACTION).length,
        ssimWins: group.filter((c) => METHODS.every((o) => o === m || c.scores[m].hole.ssim > c.scores[o].hole.ssim)).length,
        detail: mean((c) => c.scores[m].detail),
        meanMs: mean((c) => c.scores[m].ms),
      };
    }
  }
  return summary;
}

function printReport(summary: Summary, timing: Awaited<ReturnType<typeof timeWindow>>, all: CaseResult[]): void {
  console.log('\nPer case, hole PSNR / SSIM / edge / detail ratio (ours | telea | ns), foreign fraction of ours:');
  for (const c of all) {
    const cell = (m: Method) => `${c.scores[m].hole.psnr.toFixed(1)}/${c.scores[m].hole.ssim.toFixed(3)}/${c.scores[m].hole.edge.toFixed(3)}/${c.scores[m].detail.toFixed(2)}`;
    console.log(`  ${`${c.image} ${c.shape}`.padEnd(22)} ${METHODS.map(cell).join(' | ')}  foreign ${(100 * c.scores.ours.foreign).toFixed(2)}%`);
  }
  console.log('\n| category | method | hole PSNR | hole SSIM | hole edge | ring PSNR | ring SSIM | foreign flags | best SSIM in | detail ratio | mean ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [category, byMethod] of Object.entries(summary)) {
    const count = category === 'all' ? all.length : all.filter((c) => c.category === category).length;
    for (const m of METHODS) {
      const s = byMethod[m];
      console.log(`| ${category} (${count}) | ${m} | ${s.holePsnr.toFixed(2)} | ${s.holeSsim.toFixed(3)} | ${s.holeEdge.toFixed(3)} | ${s.ringPsnr.toFixed(1)} | ${s.ringSsim.toFixed(3)} | ${s.foreignFlags} | ${s.ssimWins} | ${s.detail.toFixed(2)} | ${s.meanMs.toFixed(0)} |`);
    }
  }
  const line = (t: { medianMs: number; medianCpuMs: number }) => `${t.medianMs.toFixed(0)} ms (CPU ${t.medianCpuMs.toFixed(0)} ms)`;
  console.log(`\n512 px window (${timing.window}), medians: ours ${line(timing.ours)} [wall: ${timing.ours.allMs.join(', ')}], telea ${line(timing.telea)}, ns ${line(timing.ns)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

function parseFlags(args: string[]): { images?: string; only?: string; runs?: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.replace(/^--/, '');
    if (!['images', 'only', 'runs'].includes(name) || args[i + 1] === undefined) throw new Error(`Unknown flag or missing value: ${args[i]}`);
    out[name] = args[i + 1]!;
  }
  return out;
}
