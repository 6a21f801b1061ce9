import { EngineError } from '../engine/errors.js';
import type { RgbaImage } from '../engine/types.js';
import { prepareFillLevel, type FillLevel } from './fill-level.js';
import { holeDepth } from './hole-mask.js';
import { halveLevel, type PyramidLevel } from './image-pyramid.js';

/** What a fill will do, worked out once per run and shared by its variations (which never modify it). */
export interface FillPlan {
  /** Finest (the input size) first, coarsest last. */
  levels: FillLevel[];
  /** EM iterations at each level. */
  iterations: number[];
  /** Relative cost of one iteration at each level (target pixels x patch area), for the ETA. */
  work: number[];
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
 * A coarse level needs this many source patches per target patch: where the hole's surroundings shrink
 * below a patch or two (coarse patches are wide, and sources must clear the hole), the only sources
 * left are unrelated parts of the picture, and the coarse fill would copy those (a face for the sky).
 */
const MIN_SOURCES_PER_TARGET = 2;

/**
 * EM iterations per level: many where the hole is small and iterations cheap, and where the layout
 * of the fill is decided; few at the finest level, where the upsampled field is already close and an
 * iteration costs the most. Tuned with bench/instant-remove.bench.ts.
 */
export function iterationsAt(level: number, levelCount: number): number {
  if (levelCount === 1) return 6;
  if (level === levelCount - 1) return 8;
  return level === 0 ? 2 : 4;
}

export function planFill(image: RgbaImage, hole: Uint8Array): FillPlan {
  const finest: PyramidLevel = { width: image.width, height: image.height, rgba: new Uint8ClampedArray(image.data), hole };
  let first: FillLevel | undefined;
  for (const choice of PATCH_CHOICES) {
    const level = prepareFillLevel(finest, choice.radius, choice.margin);
    if (level.sources.length > 0) {
      first = level;
      break;
    }
  }
  if (!first) {
    // Said of what the person painted and of the edge blended around it (the full-resolution path grows the
    // mask), since on a small picture a few painted pixels plus that edge can cover every pixel.
    throw new EngineError(
      'bad-input',
      `Nothing is left to fill from: on this ${image.width} × ${image.height} px picture, the painted area and the edge blended around it cover every pixel, and instant remove copies from the unpainted rest. Paint a smaller area, select a larger layer, or load the model.`,
    );
  }
  const radius = first.radius;
  const levels: FillLevel[] = [first];
  // Halve until the hole is about one patch deep, so its layout is settled where a patch spans it.
  let depth = holeDepth(hole, image.width, image.height);
  let current: PyramidLevel = finest;
  while (depth > radius + 1) {
    const coarser = halveLevel(current);
    if (Math.min(coarser.width, coarser.height) < Math.max(MIN_LEVEL_SIDE, 2 * radius + 1)) break;
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
  };
}
