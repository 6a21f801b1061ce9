import { holeDepth } from './hole-mask.js';
import type { PyramidLevel } from './image-pyramid.js';
import { solveMembrane, sweepsForDepth, type MembraneProblem } from './harmonic-fill.js';

/**
 * Fills the hole of `level` in place with the kept colours around it diffused inward (a membrane: the
 * smoothest surface through the hole's edge). The coarsest level's first guess: PatchMatch then
 * matches against colours that came from the hole's own edge, so nothing from elsewhere in the
 * picture can be invented at the coarsest scale and spread upward through the finer levels.
 */
export function diffuseIntoHole(level: PyramidLevel): void {
  const { width, height, hole, rgba } = level;
  const problem: MembraneProblem = { width, height, hole, fixedSum: new Float32Array(hole.length * 4), fixedCount: new Uint8Array(hole.length) };
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    const x = p % width;
    const y = (p - x) / width;
    const take = (q: number) => {
      if (hole[q]) return;
      for (let ch = 0; ch < 4; ch++) problem.fixedSum[p * 4 + ch]! += rgba[q * 4 + ch]!;
      problem.fixedCount[p]!++;
    };
    if (x > 0) take(p - 1);
    if (x < width - 1) take(p + 1);
    if (y > 0) take(p - width);
    if (y < height - 1) take(p + width);
  }
  const values = new Float32Array(hole.length * 4);
  solveMembrane(problem, values, sweepsForDepth(holeDepth(hole, width, height)));
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    for (let ch = 0; ch < 4; ch++) rgba[p * 4 + ch] = values[p * 4 + ch]!;
  }
}
