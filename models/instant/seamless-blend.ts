import { holeDepth } from './hole-mask.js';
import type { FillLevel } from './fill-level.js';
import { solveMembrane, sweepsForDepth, type MembraneProblem } from './harmonic-fill.js';

/**
 * Gradient-domain blending of a patch fill into the picture, restricted to the hole (Pérez et al.,
 * Poisson Image Editing, 2003, with the fill's own patches as the guidance field): `level.rgba` holds
 * the fill in the hole and the kept pixels elsewhere; `expected` holds, on the kept pixels beside the
 * hole, what the fill's patches would have put there. The fill keeps its gradients, and a membrane
 * correction spreads the difference between the picture and that expectation over the hole, so the
 * fill meets its surroundings without a seam. Only hole pixels change: nothing outside the mask is
 * touched, so there is no halo. Writes `level.rgba` in place.
 */
export function blendSeamlessly(level: FillLevel, expected: Float32Array): void {
  const { width, height, hole, rgba } = level;
  const problem: MembraneProblem = { width, height, hole, fixedSum: new Float32Array(hole.length * 4), fixedCount: new Uint8Array(hole.length) };
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    const x = p % width;
    const y = (p - x) / width;
    const mismatch = (q: number) => {
      if (hole[q]) return;
      for (let ch = 0; ch < 4; ch++) problem.fixedSum[p * 4 + ch]! += rgba[q * 4 + ch]! - expected[q * 4 + ch]!;
      problem.fixedCount[p]!++;
    };
    if (x > 0) mismatch(p - 1);
    if (x < width - 1) mismatch(p + 1);
    if (y > 0) mismatch(p - width);
    if (y < height - 1) mismatch(p + width);
  }
  const correction = new Float32Array(hole.length * 4);
  solveMembrane(problem, correction, sweepsForDepth(holeDepth(hole, width, height)));
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    for (let ch = 0; ch < 4; ch++) rgba[p * 4 + ch] = rgba[p * 4 + ch]! + correction[p * 4 + ch]!;
  }
}
