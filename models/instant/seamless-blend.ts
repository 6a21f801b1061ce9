import { holeBounds, holeDepth } from './hole-mask.js';
import type { FillLevel } from './fill-level.js';
import { solveMembrane, sweepsForDepth, type MembraneProblem } from './harmonic-fill.js';

/**
 * Gradient-domain blending of a patch fill into the picture, restricted to the hole (Pérez et al.,
 * Poisson Image Editing, 2003, with the fill's own patches as the guidance field): `level.rgba` holds
 * the fill in the hole and the kept pixels elsewhere; `expected` holds, on the kept pixels beside the
 * hole, what the fill's patches would have put there. The fill keeps its gradients, and a membrane
 * correction spreads the difference between the picture and that expectation over the hole, so the
 * fill meets its surroundings without a seam. Only hole pixels change: nothing outside the mask is
 * touched, so there is no halo. Writes `level.rgba` in place. `depth`: the hole's (`holeDepth`), when the
 * caller knows it already.
 */
export function blendSeamlessly(level: FillLevel, expected: Float32Array, depth = holeDepth(level.hole, level.width, level.height)): void {
  const { width, height, hole, rgba } = level;
  const box = holeBounds(hole, width, height, 0);
  if (!box) return;
  // The membrane is solved over the hole's box alone (its kept neighbours only add to the sums).
  const boxHole = new Uint8Array(box.width * box.height);
  const problem: MembraneProblem = {
    width: box.width,
    height: box.height,
    hole: boxHole,
    fixedSum: new Float32Array(boxHole.length * 4),
    fixedCount: new Uint8Array(boxHole.length),
    // An opaque level's votes expect alpha 255 on the edge, as it is: no alpha correction to solve.
    alpha: !level.opaque,
  };
  const { fixedSum, fixedCount } = problem;
  for (let y = box.top, b = 0; y <= box.bottom; y++) {
    for (let x = box.left; x <= box.right; x++, b++) {
      const p = y * width + x;
      if (!hole[p]) continue;
      boxHole[b] = 1;
      // Each kept 4-neighbour adds its mismatch (left, right, up, down, as the membrane expects).
      for (let side = 0; side < 4; side++) {
        const q = side === 0 ? (x > 0 ? p - 1 : -1) : side === 1 ? (x < width - 1 ? p + 1 : -1) : side === 2 ? (y > 0 ? p - width : -1) : y < height - 1 ? p + width : -1;
        if (q < 0 || hole[q]) continue;
        const at = b * 4;
        const from = q * 4;
        fixedSum[at] = fixedSum[at]! + (rgba[from]! - expected[from]!);
        fixedSum[at + 1] = fixedSum[at + 1]! + (rgba[from + 1]! - expected[from + 1]!);
        fixedSum[at + 2] = fixedSum[at + 2]! + (rgba[from + 2]! - expected[from + 2]!);
        fixedSum[at + 3] = fixedSum[at + 3]! + (rgba[from + 3]! - expected[from + 3]!);
        fixedCount[b]!++;
      }
    }
  }
  const correction = new Float32Array(boxHole.length * 4);
  solveMembrane(problem, correction, sweepsForDepth(depth));
  for (let y = box.top, b = 0; y <= box.bottom; y++) {
    for (let x = box.left; x <= box.right; x++, b++) {
      if (!boxHole[b]) continue;
      const p = y * width + x;
      for (let ch = 0; ch < 4; ch++) rgba[p * 4 + ch] = rgba[p * 4 + ch]! + correction[b * 4 + ch]!;
    }
  }
}
