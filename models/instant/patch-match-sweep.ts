import type { FillLevel } from './fill-level.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';
import { patchDistance } from './patch-distance.js';
import type { SeededRandom } from '../random/seeded-random.js';

/**
 * One PatchMatch pass (Barnes et al. 2009) over the targets, improving the field in place:
 * - propagation: a target tries its already-visited neighbours' sources, shifted by one, since good
 *   matches come in coherent runs;
 * - random search: then tries random sources around its best at radii halving from the picture's size.
 * Passes alternate direction (`reverse`) so good matches spread both ways. Expects `field.distance`
 * to be current (see `measureField`).
 */
export function patchMatchSweep(level: FillLevel, field: NearestNeighbourField, random: SeededRandom, reverse: boolean): void {
  const { targets, width, height, rgba, radius, sourceOk } = level;
  const { source, distance } = field;
  const step = reverse ? -1 : 1;
  const searchStart = Math.max(width, height);
  const xLow = radius;
  const xHigh = width - 1 - radius;
  const yLow = radius;
  const yHigh = height - 1 - radius;
  const count = targets.length;
  for (let n = 0; n < count; n++) {
    const t = targets[reverse ? count - 1 - n : n]!;
    const tx = t % width;
    const ty = (t - tx) / width;
    let best = source[t]!;
    let bestDistance = distance[t]!;
    let bx = best % width;
    let by = (best - bx) / width;

    // Propagation from the horizontal neighbour already visited in this pass.
    const nx = tx - step;
    if (nx >= 0 && nx < width) {
      const neighbour = source[t - step]!;
      if (neighbour >= 0) {
        const cx = (neighbour % width) + step;
        const cy = (neighbour - (cx - step)) / width;
        if (cx >= xLow && cx <= xHigh) {
          const c = cy * width + cx;
          if (c !== best && sourceOk[c]) {
            const d = patchDistance(rgba, width, height, tx, ty, cx, cy, radius, bestDistance);
            if (d < bestDistance) {
              best = c;
              bestDistance = d;
              bx = cx;
              by = cy;
            }
          }
        }
      }
    }
    // ... and from the vertical one.
    const ny = ty - step;
    if (ny >= 0 && ny < height) {
      const neighbour = source[t - step * width]!;
      if (neighbour >= 0) {
        const cx = neighbour % width;
        const cy = (neighbour - cx) / width + step;
        if (cy >= yLow && cy <= yHigh) {
          const c = cy * width + cx;
          if (c !== best && sourceOk[c]) {
            const d = patchDistance(rgba, width, height, tx, ty, cx, cy, radius, bestDistance);
            if (d < bestDistance) {
              best = c;
              bestDistance = d;
              bx = cx;
              by = cy;
            }
          }
        }
      }
    }

    // Random search around the best so far, the window halving each try.
    for (let r = searchStart; r >= 1; r >>= 1) {
      let cx = bx + random.below(2 * r + 1) - r;
      let cy = by + random.below(2 * r + 1) - r;
      cx = cx < xLow ? xLow : cx > xHigh ? xHigh : cx;
      cy = cy < yLow ? yLow : cy > yHigh ? yHigh : cy;
      const c = cy * width + cx;
      if (c === best || !sourceOk[c]) continue;
      const d = patchDistance(rgba, width, height, tx, ty, cx, cy, radius, bestDistance);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
        bx = cx;
        by = cy;
      }
    }
    source[t] = best;
    distance[t] = bestDistance;
  }
}
