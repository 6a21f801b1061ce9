import type { FillLevel } from './fill-level.js';
import { measureField, randomField, upsampleField, type NearestNeighbourField } from './nearest-neighbour-field.js';
import { onionPeelFill } from './onion-peel-fill.js';
import { patchMatchSweep } from './patch-match-sweep.js';
import type { FillPlan } from './plan-fill.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { voteBestPatch, voteBuffers, votePatches } from './vote-patches.js';

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
 * at the coarsest level an onion-peel first guess and the field it implies; then, per level, EM
 * iterations of
 * [measure the field against the current fill, one PatchMatch pass, vote the hole anew]; between
 * levels, the field is upsampled and voted once to give the finer level its first guess; the last
 * vote of all takes each pixel from its best patch rather than a mean.
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
      const copied = onionPeelFill(level, random);
      field = randomField(level, random);
      // Hole centres start from the patch their pixel was copied from; the rim keeps random sources.
      for (let p = 0; p < copied.length; p++) if (copied[p]! >= 0) field.source[p] = copied[p]!;
    }
    const iterations = plan.iterations[index]!;
    for (let iteration = 0; iteration < iterations; iteration++) {
      measureField(level, field);
      patchMatchSweep(level, field, random, iteration % 2 === 1);
      // The rim targets start from random sources; a second pass settles them before the first vote.
      if (!previous && iteration === 0) patchMatchSweep(level, field, random, true);
      // The very last vote picks, not averages, so the result keeps the texture's grain.
      if (index === 0 && iteration === iterations - 1) voteBestPatch(level, field, buffers);
      else votePatches(level, field, buffers, true);
      yield { level: index, iteration, width: level.width, height: level.height, rgba: level.rgba };
    }
    previous = { level, field };
  }
  return previous!.level.rgba;
}
