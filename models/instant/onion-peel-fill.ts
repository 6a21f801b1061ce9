import type { FillLevel } from './fill-level.js';
import type { SeededRandom } from '../random/seeded-random.js';

/**
 * Each hole pixel tries every source, or a seeded random sample of them where there are more than this;
 * the sample shrinks for big holes so this exhaustive step stays a small part of the run.
 */
const MAX_CANDIDATES = 2048;
const MIN_CANDIDATES = 256;
const CANDIDATE_BUDGET = 300_000;

/**
 * The coarsest level's first guess, the onion-peel initialisation of Newson et al. (2014): peel the hole
 * from its edge inward; for each pixel of a ring, find the source patch that best matches what is
 * already known around it (kept pixels and earlier rings only), and copy that patch's centre.
 * Why not a smooth guess: PatchMatch compares the hole's content with sources, and a smooth hole
 * matches smooth (blurred, out-of-focus) places, so the fill converges to their colour; a guess built
 * from matches with the hole's rim continues the surrounding texture and colour inward instead.
 * Writes the hole pixels of `level.rgba` in place and returns, per pixel, the source centre it copied
 * (-1 elsewhere), which seeds the level's field.
 */
export function onionPeelFill(level: FillLevel, random: SeededRandom): Int32Array {
  const { width, height, rgba, hole, sources, sourceOk, radius } = level;
  const known = new Uint8Array(hole.length);
  const queued = new Uint8Array(hole.length);
  const copied = new Int32Array(hole.length).fill(-1);
  const neighbours = new Int32Array(8);
  for (let i = 0; i < hole.length; i++) known[i] = hole[i] ? 0 : 1;
  let holePixels = 0;
  for (let i = 0; i < hole.length; i++) holePixels += hole[i]!;
  const wanted = Math.min(MAX_CANDIDATES, Math.max(MIN_CANDIDATES, Math.floor(CANDIDATE_BUDGET / Math.max(1, holePixels))));
  const candidates = sampleSources(sources, wanted, random);

  let ring: number[] = [];
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const count = neighboursOf(i, width, height, neighbours);
    for (let k = 0; k < count; k++) {
      if (!known[neighbours[k]!]) continue;
      ring.push(i);
      queued[i] = 1;
      break;
    }
  }

  while (ring.length > 0) {
    // Each ring matches against earlier rings only, so the result does not depend on scan order.
    for (const t of ring) {
      const tx = t % width;
      const ty = (t - tx) / width;
      let best = candidates[0]!;
      let bestDistance = Infinity;
      // Coherence first (a filled neighbour's source, shifted by the same step), as PatchMatch propagates.
      const count = neighboursOf(t, width, height, neighbours);
      for (let k = 0; k < count; k++) {
        const n = neighbours[k]!;
        const from = copied[n]!;
        if (from < 0) continue;
        const fx = from % width;
        const nx = n % width;
        const sx = fx + tx - nx;
        const sy = (from - fx) / width + ty - (n - nx) / width;
        if (sx < 0 || sx >= width || sy < 0 || sy >= height || !sourceOk[sy * width + sx]) continue;
        const d = knownPatchDistance(rgba, known, width, height, tx, ty, sx, sy, radius, bestDistance);
        if (d < bestDistance) {
          bestDistance = d;
          best = sy * width + sx;
        }
      }
      for (let c = 0; c < candidates.length; c++) {
        const s = candidates[c]!;
        const sx = s % width;
        const d = knownPatchDistance(rgba, known, width, height, tx, ty, sx, (s - sx) / width, radius, bestDistance);
        if (d < bestDistance) {
          bestDistance = d;
          best = s;
        }
      }
      copied[t] = best;
    }
    for (const t of ring) {
      const from = copied[t]! * 4;
      rgba[t * 4] = rgba[from]!;
      rgba[t * 4 + 1] = rgba[from + 1]!;
      rgba[t * 4 + 2] = rgba[from + 2]!;
      rgba[t * 4 + 3] = rgba[from + 3]!;
      known[t] = 1;
    }
    const next: number[] = [];
    for (const t of ring) {
      const count = neighboursOf(t, width, height, neighbours);
      for (let k = 0; k < count; k++) {
        const j = neighbours[k]!;
        if (known[j] || queued[j]) continue;
        queued[j] = 1;
        next.push(j);
      }
    }
    ring = next;
  }
  return copied;
}

/** All sources, or a seeded random sample of `wanted` of them (with repeats; harmless). */
function sampleSources(sources: Int32Array, wanted: number, random: SeededRandom): Int32Array {
  if (sources.length <= wanted) return sources;
  const sample = new Int32Array(wanted);
  for (let i = 0; i < sample.length; i++) sample[i] = sources[random.below(sources.length)]!;
  return sample;
}

/** Like `patchDistance`, over the target pixels known so far only. */
function knownPatchDistance(
  rgba: Uint8ClampedArray,
  known: Uint8Array,
  width: number,
  height: number,
  tx: number,
  ty: number,
  sx: number,
  sy: number,
  radius: number,
  limit: number,
): number {
  const top = Math.max(-radius, -ty);
  const bottom = Math.min(radius, height - 1 - ty);
  const left = Math.max(-radius, -tx);
  const right = Math.min(radius, width - 1 - tx);
  let sum = 0;
  for (let dy = top; dy <= bottom; dy++) {
    const rowT = (ty + dy) * width + tx;
    const rowS = (sy + dy) * width + sx;
    for (let dx = left; dx <= right; dx++) {
      if (!known[rowT + dx]) continue;
      const t = (rowT + dx) * 4;
      const s = (rowS + dx) * 4;
      const r = rgba[t]! - rgba[s]!;
      const g = rgba[t + 1]! - rgba[s + 1]!;
      const b = rgba[t + 2]! - rgba[s + 2]!;
      const a = rgba[t + 3]! - rgba[s + 3]!;
      sum += r * r + g * g + b * b + a * a;
    }
    if (sum >= limit) return sum;
  }
  return sum;
}

/** Writes the in-image 8-neighbours of pixel i into `out`; returns how many there are. */
function neighboursOf(i: number, width: number, height: number, out: Int32Array): number {
  const x = i % width;
  const y = (i - x) / width;
  let count = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      if ((dx === 0 && dy === 0) || nx < 0 || nx >= width) continue;
      out[count++] = ny * width + nx;
    }
  }
  return count;
}
