import { diffuseIntoHole } from './diffuse-into-hole.js';
import type { FillLevel } from './fill-level.js';
import { measureField, randomField, upsampleField, type NearestNeighbourField } from './nearest-neighbour-field.js';
import { patchMatchSweep } from './patch-match-sweep.js';
import type { FillPlan } from './plan-fill.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { blendSeamlessly } from './seamless-blend.js';
import { voteBuffers, votePatches } from './vote-patches.js';

/**
 * Below the coarsest level the upsampled field already says where each patch comes from; the search
 * only refines it locally, and at the finest level (the costliest) propagation alone does (Barnes et
 * al. search the whole picture at every scale, which costs most of a run and, measured with
 * `npm run bench:instant`, changed the scores by less than 0.1 dB).
 */
const REFINE_SEARCH_RADIUS = 4;

/** Where a fill has got to; yielded after every EM iteration, so the caller can report and cancel. */
export interface FillStep {
  level: number;
  iteration: number;
  /** The level's picture as it stands (read only): enough for a progressive preview. */
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/**
 * Coarse-to-fine exemplar fill (Wexler et al.'s EM with PatchMatch as the search, Barnes et al.):
 * at the coarsest level the hole starts as the kept colours diffused inward, with a random field;
 * then, per level, EM iterations of [measure the field against the current fill, one PatchMatch pass,
 * vote the hole anew]; between levels, the field is upsampled and voted once to give the finer level
 * its first guess; after the last vote a gradient-domain blend makes the fill meet the kept pixels
 * without a seam.
 * A generator so the caller owns the pace: it yields after each iteration and returns the finest
 * level's RGBA (kept pixels untouched, hole filled). The plan is not modified.
 */
export function* fillHole(plan: FillPlan, random: SeededRandom): Generator<FillStep, Uint8ClampedArray, void> {
  let previous: { level: FillLevel; field: NearestNeighbourField } | undefined;
  for (let index = plan.levels.length - 1; index >= 0; index--) {
    const level: FillLevel = { ...plan.levels[index]!, rgba: plan.levels[index]!.rgba.slice() };
    const buffers = voteBuffers(level.width * level.height);
    let field: NearestNeighbourField;
    if (previous) {
      field = upsampleField(previous.level, previous.field, level, random);
      votePatches(level, field, buffers, false);
    } else {
      diffuseIntoHole(level);
      field = randomField(level, random);
    }
    const iterations = plan.iterations[index]!;
    for (let iteration = 0; iteration < iterations; iteration++) {
      measureField(level, field);
      patchMatchSweep(level, field, random, iteration % 2 === 1, !previous ? Infinity : index === 0 ? 0 : REFINE_SEARCH_RADIUS);
      // A random field needs a second pass to settle before its first vote means anything.
      if (!previous && iteration === 0) patchMatchSweep(level, field, random, true);
      votePatches(level, field, buffers, true);
      if (index === 0 && iteration === iterations - 1) blendSeamlessly(level, buffers.expected);
      yield { level: index, iteration, width: level.width, height: level.height, rgba: level.rgba };
    }
    previous = { level, field };
  }
  return previous!.level.rgba;
}
