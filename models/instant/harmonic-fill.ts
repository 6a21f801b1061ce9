/**
 * A membrane over the hole: values on hole pixels that satisfy the discrete Laplace equation (each the
 * mean of its 4 neighbours), where a neighbour outside the hole contributes a fixed value. Two uses,
 * one solver: colours diffused in from the hole's edge (a fill that cannot invent anything), and the
 * smooth correction that makes a patch fill meet the kept pixels without a seam (gradient-domain
 * blending: the fill keeps its own gradients, the correction absorbs the mismatch at the edge).
 */
export interface MembraneProblem {
  width: number;
  height: number;
  hole: Uint8Array;
  /** Per pixel and channel (RGBA), the sum of what its neighbours outside the hole contribute. */
  fixedSum: Float32Array;
  /** Per pixel, how many of its in-picture 4-neighbours are outside the hole. */
  fixedCount: Uint8Array;
  /**
   * Solve alpha too (the default), or leave its values as they are: on an opaque picture a seam's
   * correction has nothing to do in alpha, and skipping it saves a quarter of the sweeps' work.
   */
  alpha?: boolean;
}

/** Over-relaxation factor for the Gauss-Seidel sweeps: near-optimal for holes a few dozen pixels deep. */
const OVER_RELAXATION = 1.8;

/**
 * Solves the membrane into `values` (4 per pixel; only hole pixels are written). A first guess peels
 * the hole from its edge inward, each pixel the mean of what is known around it, so the interior
 * starts close; then `sweeps` SOR passes smooth it towards the exact solution.
 */
export function solveMembrane(problem: MembraneProblem, values: Float32Array, sweeps: number): void {
  const order = peelOrder(problem);
  peelAverage(problem, order, values);
  // Sweeps in scan order: SOR's over-relaxation is only known to converge fast for such an ordering.
  const scan = order.slice().sort();
  const bits = neighbourBits(problem, scan);
  for (let sweep = 0; sweep < sweeps; sweep++) relax(problem, scan, bits, values, sweep % 2 === 1);
}

/**
 * Sweeps for a hole `depth` pixels deep: SOR with a near-optimal factor shrinks the error by about
 * (factor - 1) a sweep once it has travelled the depth, so 2·depth + 8 sweeps bring a membrane to
 * within a level of the exact one. Capped for speed: in a deep hole what is left is a gentle drift far
 * from any edge, where the eye has nothing to compare it with (a cap of 32 instead of 64 changed
 * `npm run bench:instant`'s scores by under 0.03 dB and saved a tenth of a 512 px window's time).
 */
export function sweepsForDepth(depth: number): number {
  return Math.min(32, Math.ceil(2 * depth) + 8);
}

/** Hole pixels ring by ring from the edge inward (breadth first over 4-neighbours). */
function peelOrder(problem: MembraneProblem): Int32Array {
  const { width, height, hole, fixedCount } = problem;
  const order = new Int32Array(hole.length);
  const queued = new Uint8Array(hole.length);
  let tail = 0;
  for (let p = 0; p < hole.length; p++) {
    if (hole[p] && fixedCount[p]! > 0) {
      order[tail++] = p;
      queued[p] = 1;
    }
  }
  for (let head = 0; head < tail; head++) {
    const p = order[head]!;
    const x = p % width;
    const y = (p - x) / width;
    if (x > 0 && hole[p - 1] && !queued[p - 1]) (queued[p - 1] = 1), (order[tail++] = p - 1);
    if (x < width - 1 && hole[p + 1] && !queued[p + 1]) (queued[p + 1] = 1), (order[tail++] = p + 1);
    if (y > 0 && hole[p - width] && !queued[p - width]) (queued[p - width] = 1), (order[tail++] = p - width);
    if (y < height - 1 && hole[p + width] && !queued[p + width]) (queued[p + width] = 1), (order[tail++] = p + width);
  }
  // A hole with no kept neighbour at all (the whole picture) has nothing to diffuse: it stays as given.
  return order.subarray(0, tail);
}

function peelAverage(problem: MembraneProblem, order: Int32Array, values: Float32Array): void {
  const { width, height, hole, fixedSum, fixedCount } = problem;
  const known = new Uint8Array(hole.length);
  const sum = [0, 0, 0, 0];
  const channels = problem.alpha === false ? 3 : 4;
  for (let k = 0; k < order.length; k++) {
    const p = order[k]!;
    const x = p % width;
    const y = (p - x) / width;
    let count = fixedCount[p]!;
    for (let ch = 0; ch < channels; ch++) sum[ch] = fixedSum[p * 4 + ch]!;
    const add = (q: number) => {
      if (!hole[q] || !known[q]) return;
      for (let ch = 0; ch < channels; ch++) sum[ch]! += values[q * 4 + ch]!;
      count++;
    };
    if (x > 0) add(p - 1);
    if (x < width - 1) add(p + 1);
    if (y > 0) add(p - width);
    if (y < height - 1) add(p + width);
    for (let ch = 0; ch < channels; ch++) values[p * 4 + ch] = sum[ch]! / count;
    known[p] = 1;
  }
}

/** Bits of `neighbourBits`: which 4-neighbours of a scan pixel are hole pixels in the picture. */
const LEFT = 1;
const RIGHT = 2;
const UP = 4;
const DOWN = 8;

/** For each pixel of `scan`, which of its 4-neighbours are hole (worked out once, not on every sweep). */
function neighbourBits(problem: MembraneProblem, scan: Int32Array): Uint8Array {
  const { width, height, hole } = problem;
  const bits = new Uint8Array(scan.length);
  for (let k = 0; k < scan.length; k++) {
    const p = scan[k]!;
    const x = p % width;
    const y = (p - x) / width;
    bits[k] = (x > 0 && hole[p - 1] ? LEFT : 0) | (x < width - 1 && hole[p + 1] ? RIGHT : 0) | (y > 0 && hole[p - width] ? UP : 0) | (y < height - 1 && hole[p + width] ? DOWN : 0);
  }
  return bits;
}

/** One SOR pass; alternating direction so the edge's information travels both ways equally fast. */
function relax(problem: MembraneProblem, order: Int32Array, bits: Uint8Array, values: Float32Array, reverse: boolean): void {
  const { width, fixedSum, fixedCount } = problem;
  const withAlpha = problem.alpha !== false;
  const n = order.length;
  const row = 4 * width;
  for (let step = 0; step < n; step++) {
    const k = reverse ? n - 1 - step : step;
    const p = order[k]!;
    const links = bits[k]!;
    const at = p * 4;
    let r = fixedSum[at]!;
    let g = fixedSum[at + 1]!;
    let b = fixedSum[at + 2]!;
    let a = fixedSum[at + 3]!;
    let count = fixedCount[p]!;
    if (links & LEFT) {
      const q = at - 4;
      (r += values[q]!), (g += values[q + 1]!), (b += values[q + 2]!), count++;
      if (withAlpha) a += values[q + 3]!;
    }
    if (links & RIGHT) {
      const q = at + 4;
      (r += values[q]!), (g += values[q + 1]!), (b += values[q + 2]!), count++;
      if (withAlpha) a += values[q + 3]!;
    }
    if (links & UP) {
      const q = at - row;
      (r += values[q]!), (g += values[q + 1]!), (b += values[q + 2]!), count++;
      if (withAlpha) a += values[q + 3]!;
    }
    if (links & DOWN) {
      const q = at + row;
      (r += values[q]!), (g += values[q + 1]!), (b += values[q + 2]!), count++;
      if (withAlpha) a += values[q + 3]!;
    }
    const inverse = 1 / count;
    values[at] = values[at]! + OVER_RELAXATION * (r * inverse - values[at]!);
    values[at + 1] = values[at + 1]! + OVER_RELAXATION * (g * inverse - values[at + 1]!);
    values[at + 2] = values[at + 2]! + OVER_RELAXATION * (b * inverse - values[at + 2]!);
    if (withAlpha) values[at + 3] = values[at + 3]! + OVER_RELAXATION * (a * inverse - values[at + 3]!);
  }
}
