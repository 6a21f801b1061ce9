import { EngineError } from '../engine/errors.js';
import type { RgbaImage } from '../engine/types.js';
import { SeededRandom } from '../random/seeded-random.js';
import { fillHole } from './fill-hole.js';
import { boxMeans } from './box-means.js';
import { dilateSquare, holeDepth } from './hole-mask.js';
import { halveLevel } from './image-pyramid.js';
import { marchFill } from './march-inward.js';
import { layoutOverGrain } from './layout-over-grain.js';
import { planFill } from './plan-fill.js';
import { samplingBand } from './sampling-band.js';

/** The check runs on the picture halved until its longer side is at most this: layout is a coarse matter, and the check stays a small part of a fill's cost. */
const CHECK_SIDE = 160;
/** ... but never below this shorter side, where a patch fill has too little room to show what it would do. */
const MIN_CHECK_SIDE = 32;
/** The ring of kept pixels held out around the hole: this share of the hole's depth, at least MIN_RING_PX (at the check's scale). */
const RING_PER_DEPTH = 0.25;
const MIN_RING_PX = 2;
/** Errors are compared after a box mean of this radius (at the check's scale): what the ring says about layout, not about grain. */
const LOW_PASS_RADIUS = 2;
/**
 * The patch fill's error over the smooth fill's from which the smooth fill is mixed in (as soon as it
 * predicted the ring better), and at which it is used alone. Measured with `npm run bench:instant`
 * (photos, hole PSNR dB / SSIM; textures are kept whole by the heterogeneity gate below): from 1 to
 * 1.5, 16.74 / 0.453; from 1.1 to 1.5, 16.71 / 0.451; from 1.1 to 1.4, 16.75 / 0.453.
 */
const MIX_FROM_RATIO = 1;
const SMOOTH_AT_RATIO = 1.5;
/**
 * EM iterations per level of the check's patch fill, at most: the fill's own count (6 on a one-level
 * plan) gave the same verdicts on `npm run bench:instant`'s 45 holes at three times the cost.
 */
const CHECK_ITERATIONS = 2;
/** Box radius (at the check's scale) of `layoutOverGrain`'s local means. */
const LAYOUT_RADIUS = 2;
/**
 * `layoutOverGrain` at or below which the surroundings are one texture and the patch fill is kept
 * whatever the ring says, and at or above which the ring decides alone. The ring cannot tell grain
 * from layout by itself: on gravel and grass a smooth fill predicts the ring's mean as well or better
 * (ratios up to 2 over 90 holes), and mixing it in blurred a third of the gravel holes. Over those 90
 * texture holes and 90 photo holes (`npm run bench:instant`'s pictures, other seeds), at this scale:
 * textures 0.14-0.26, photos 1.37-6.63.
 */
const GRAIN_ONLY = 0.5;
const LAYOUT_ONLY = 1;
/** The check's own patch fill has a fixed seed, so a hole gets the same verdict in every variation. */
const CHECK_SEED = 1;

/**
 * How much of a hole should come from the smooth fill (Telea's, `marchFill`) rather than the patch
 * fill: 0 (all patch fill) to 1 (all smooth), decided on held-out pixels, as a model is chosen on data
 * it was not fitted to. A ring of kept pixels around the hole is treated as part of the hole; both fills
 * fill the grown hole, on the picture scaled down; whichever predicts the ring's low frequencies
 * better (the layout: which colour goes where, not the grain) earns the hole.
 *
 * Why: a patch fill that copies texture and structure from around the hole is what textures, repeating
 * structure and edges that cross the hole need (mortar lines, a table's edge, a horizon: the ring
 * confirms it, by a wide margin). In a photo, where the hole's surroundings are different things side
 * by side (a cup's rim over a saucer, a chin above a collar), it can lay out the wrong thing: a piece of
 * the rim in the saucer, hair under a chin. There the smooth fill, which only carries the edge inward,
 * predicts the ring better, and it looks better too. Measured with `npm run bench:instant`: see
 * docs/performance.md ("The ring check").
 */
export function smoothFillShare(image: RgbaImage, hole: Uint8Array): number {
  const check = checkScale(image, hole);
  const heterogeneity = surroundsHeterogeneity(check);
  if (heterogeneity === 0) return 0;
  const errors = ringErrors(check);
  if (!errors || errors.patch <= errors.smooth) return 0;
  const ratio = errors.smooth > 0 ? errors.patch / errors.smooth : Infinity;
  return heterogeneity * Math.min(1, Math.max(0, (ratio - MIX_FROM_RATIO) / (SMOOTH_AT_RATIO - MIX_FROM_RATIO)));
}

/** The picture and hole the check works on, with the hole's depth there. */
export interface CheckScale {
  image: RgbaImage;
  hole: Uint8Array;
  depth: number;
}

/** The picture and hole halved until the longer side is at most CHECK_SIDE. */
export function checkScale(image: RgbaImage, hole: Uint8Array): CheckScale {
  let level = { width: image.width, height: image.height, rgba: image.data, hole, sampling: hole };
  while (Math.max(level.width, level.height) > CHECK_SIDE && Math.min(level.width, level.height) >= 2 * MIN_CHECK_SIDE) level = halveLevel(level);
  return { image: { width: level.width, height: level.height, data: level.rgba }, hole: level.hole, depth: holeDepth(level.hole, level.width, level.height) };
}

/**
 * 0 where the hole's surroundings are one texture (`layoutOverGrain` at most GRAIN_ONLY), rising to 1
 * where they are different things side by side (at least LAYOUT_ONLY).
 */
export function surroundsHeterogeneity(check: CheckScale): number {
  const { image, hole } = check;
  const band = samplingBand(hole, image.width, image.height, check.depth);
  const ratio = layoutOverGrain(image, hole, band, LAYOUT_RADIUS);
  return Math.min(1, Math.max(0, (ratio - GRAIN_ONLY) / (LAYOUT_ONLY - GRAIN_ONLY)));
}

/**
 * Each fill's low-frequency error on the held-out ring (see `smoothFillShare`); undefined where there
 * is no ring to hold out, or nothing left to copy from once it is held out (no verdict).
 */
export function ringErrors(check: CheckScale): { patch: number; smooth: number } | undefined {
  const { image, hole } = check;
  const { width, height } = image;
  const reach = Math.max(MIN_RING_PX, Math.round(RING_PER_DEPTH * check.depth));
  const grown = dilateSquare(hole, width, height, reach);
  const ring = grown.map((g, p) => g & (1 - hole[p]!));
  if (!ring.includes(1)) return undefined;
  const patchFill = fillToEnd(image, grown);
  if (!patchFill) return undefined;
  return { patch: lowFrequencyError(patchFill, image, ring), smooth: lowFrequencyError(marchFill(image, grown), image, ring) };
}

function fillToEnd(image: RgbaImage, hole: Uint8Array): Uint8ClampedArray | undefined {
  let plan;
  try {
    plan = planFill(image, hole);
  } catch (error) {
    if (error instanceof EngineError && error.code === 'bad-input') return undefined;
    throw error;
  }
  plan = { ...plan, iterations: plan.iterations.map((n) => Math.min(n, CHECK_ITERATIONS)) };
  const fill = fillHole(plan, new SeededRandom(CHECK_SEED));
  let next = fill.next();
  while (!next.done) next = fill.next();
  return next.value;
}

/**
 * Mean square, over the ring, of the fill's luma error averaged over the ring pixels within
 * LOW_PASS_RADIUS: errors in grain cancel in the mean, an error of layout does not.
 */
function lowFrequencyError(fill: Uint8ClampedArray, truth: RgbaImage, ring: Uint8Array): number {
  const { width, height, data } = truth;
  const error = new Float32Array(ring.length);
  for (let p = 0; p < ring.length; p++) {
    if (!ring[p]) continue;
    const at = p * 4;
    error[p] = 0.299 * (fill[at]! - data[at]!) + 0.587 * (fill[at + 1]! - data[at + 1]!) + 0.114 * (fill[at + 2]! - data[at + 2]!);
  }
  const local = boxMeans(error, ring, ring, width, height, LOW_PASS_RADIUS);
  let sum = 0;
  let count = 0;
  for (let p = 0; p < ring.length; p++) {
    if (!ring[p]) continue;
    sum += local[p]! ** 2;
    count++;
  }
  return sum / count;
}
