import { EngineError } from '../engine/errors.js';
import type { RgbaImage } from '../engine/types.js';
import { prepareFillLevel, type FillLevel } from './fill-level.js';
import { holeDepth } from './hole-mask.js';
import { halveLevel, type PyramidLevel } from './image-pyramid.js';
import { samplingBand, widenForPatches } from './sampling-band.js';

/** What a fill will do, worked out once per run and shared by its variations (which never modify it). */
export interface FillPlan {
  /** Finest (the input size) first, coarsest last. */
  levels: FillLevel[];
  /** EM iterations at each level. */
  iterations: number[];
  /** Relative cost of one iteration at each level (target pixels x patch area), for the ETA. */
  work: number[];
  /** How deep the hole is at the finest level (`holeDepth`). */
  depth: number;
}

/** Patch radius 3 (7x7, as in the PatchMatch paper), then smaller ones for pictures too small for it. */
const PATCH_CHOICES: ReadonlyArray<{ radius: number; margin: number }> = [
  { radius: 3, margin: 1 },
  { radius: 3, margin: 0 },
  { radius: 2, margin: 0 },
  { radius: 1, margin: 0 },
  { radius: 0, margin: 0 },
];

/** Coarser levels than this stop carrying texture a 7x7 patch can match. */
const MIN_LEVEL_SIDE = 32;
/**
 * A coarse level needs this many source patches in its sampling band per target patch: coarse patches
 * are wide and must clear the hole, so the band's usable part shrinks faster than the hole; with too
 * few sources a coarse level has nothing to choose from and would repeat one patch across the hole.
 */
const MIN_SOURCES_PER_TARGET = 2;

/**
 * EM iterations per level: many where the hole is small and iterations cheap, and where the layout
 * of the fill is decided; few at the finest level, where the upsampled field is already close and an
 * iteration costs the most. Tuned with `npm run bench:instant`: 2 rather than 3 at the levels in
 * between (the second finest holds a quarter of the finest's targets and was the costliest level of a
 * 512 px window) saves about a sixth of its CPU time for 0.05 dB and 0.005 SSIM on photos (textures
 * and synthetic scenes unchanged within 0.01 dB).
 */
export function iterationsAt(level: number, levelCount: number): number {
  if (levelCount === 1) return 6;
  if (level === levelCount - 1) return 8;
  return level === 0 ? 1 : 2;
}

export function planFill(image: RgbaImage, hole: Uint8Array): FillPlan {
  const { width, height } = image;
  const finestDepth = holeDepth(hole, width, height);
  let depth = finestDepth;
  const sampling = samplingBand(hole, width, height, depth);
  const finest: PyramidLevel = { width, height, rgba: new Uint8ClampedArray(image.data), hole, sampling };
  let first: FillLevel | undefined;
  for (const choice of PATCH_CHOICES) {
    const level = prepareFillLevel(finest, choice.radius, choice.margin);
    if (level.sources.length > 0) {
      first = level;
      break;
    }
  }
  if (!first) {
    throw new EngineError(
      'bad-input',
      `Nothing is left to fill from: on this ${image.width} × ${image.height} px picture, the painted area covers every pixel, and instant remove copies from the unpainted rest. Paint a smaller area, select a larger layer, or load the model.`,
    );
  }
  const radius = first.radius;
  const levels: FillLevel[] = [first];
  // Halve until the hole is about one patch deep, so its layout is settled where a patch spans it.
  let current: PyramidLevel = finest;
  while (depth > radius + 1) {
    const halved = halveLevel(current);
    if (Math.min(halved.width, halved.height) < Math.max(MIN_LEVEL_SIDE, 2 * radius + 1)) break;
    const coarser = { ...halved, sampling: widenForPatches(halved.sampling, halved.hole, halved.width, halved.height, radius) };
    const prepared = prepareFillLevel(coarser, radius, 0);
    if (prepared.sources.length < MIN_SOURCES_PER_TARGET * prepared.targets.length) break;
    levels.push(prepared);
    current = coarser;
    depth = Math.ceil(depth / 2);
  }
  const side = 2 * radius + 1;
  return {
    levels,
    iterations: levels.map((_, i) => iterationsAt(i, levels.length)),
    work: levels.map((level) => level.targets.length * side * side),
    depth: finestDepth,
  };
}
