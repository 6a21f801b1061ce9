import type { FillLevel } from './fill-level.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';
import { patchDistance, rgbaWords } from './patch-distance.js';
import type { SeededRandom } from '../random/seeded-random.js';

/**
 * One PatchMatch pass (Barnes et al. 2009) over the targets, improving the field in place:
 * - propagation: a target tries its already-visited neighbours' sources, shifted by one, since good
 *   matches come in coherent runs;
 * - random search: then tries random sources around its best at radii halving from `searchRadius`
 *   (at most the size of the box that holds every source: the sampling band, not the whole picture).
 * A candidate's distance is the patch distance plus `level.spatial` per squared pixel from the target
 * (nearer sources win ties; see SPATIAL_COST in fill-level.ts).
 * Passes alternate direction (`reverse`) so good matches spread both ways. Expects `field.distance`
 * to be current (see `measureField`).
 */
export function patchMatchSweep(level: FillLevel, field: NearestNeighbourField, random: SeededRandom, reverse: boolean, searchRadius = Infinity): void {
  const { targets, width, height, radius, sourceOk, sourceBox } = level;
  const words = rgbaWords(level.rgba);
  const { source, distance } = field;
  const step = reverse ? -1 : 1;
  const xLow = sourceBox.left;
  const xHigh = sourceBox.right;
  const yLow = sourceBox.top;
  const yHigh = sourceBox.bottom;
  const searchStart = Math.min(searchRadius, Math.max(xHigh - xLow, yHigh - yLow));
  const count = targets.length;
  const { spatial } = level;
  // The current target and its best match; `consider` is made once per pass, not per target.
  let tx = 0;
  let ty = 0;
  let best = 0;
  let bestDistance = 0;
  let bx = 0;
  let by = 0;
  /** Takes source (cx, cy) as the target's match when it is a valid source and closer than the best. */
  const consider = (cx: number, cy: number): void => {
    const c = cy * width + cx;
    if (c === best || !sourceOk[c]) return;
    const ddx = cx - tx;
    const ddy = cy - ty;
    const penalty = spatial * (ddx * ddx + ddy * ddy);
    if (penalty >= bestDistance) return;
    const d = penalty + patchDistance(words, width, height, tx, ty, cx, cy, radius, bestDistance - penalty);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      bx = cx;
      by = cy;
    }
  };
  for (let n = 0; n < count; n++) {
    const t = targets[reverse ? count - 1 - n : n]!;
    tx = t % width;
    ty = (t - tx) / width;
    best = source[t]!;
    bestDistance = distance[t]!;
    bx = best % width;
    by = (best - bx) / width;

    // Propagation from the horizontal neighbour already visited in this pass, shifted back by one...
    const nx = tx - step;
    const left = nx >= 0 && nx < width ? source[t - step]! : -1;
    if (left >= 0) {
      const cx = (left % width) + step;
      if (cx >= xLow && cx <= xHigh) consider(cx, (left - (cx - step)) / width);
    }
    // ... and from the vertical one.
    const ny = ty - step;
    const above = ny >= 0 && ny < height ? source[t - step * width]! : -1;
    if (above >= 0) {
      const cx = above % width;
      const cy = (above - cx) / width + step;
      if (cy >= yLow && cy <= yHigh) consider(cx, cy);
    }

    // Random search around the best so far, the window halving each try.
    for (let r = searchStart; r >= 1; r >>= 1) {
      const cx = bx + random.below(2 * r + 1) - r;
      const cy = by + random.below(2 * r + 1) - r;
      consider(cx < xLow ? xLow : cx > xHigh ? xHigh : cx, cy < yLow ? yLow : cy > yHigh ? yHigh : cy);
    }
    source[t] = best;
    distance[t] = bestDistance;
  }
}
