import type { FillLevel } from './fill-level.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';
import { CHANNEL_SHIFTS, rgbaWords } from './patch-distance.js';

/** Scratch buffers for voting, kept across iterations so a run allocates them once per level. */
export interface VoteBuffers {
  /** Per votable pixel, in the order of `pixels`: the weighted sums of its votes (RGBA) and their weights. */
  colour: Float32Array;
  weight: Float32Array;
  /**
   * After a vote, on the level's edge pixels (kept, beside the hole): what the fill's patches would
   * have put there (RGBA). Where it differs from the picture, the fill would show a seam.
   */
  expected: Float32Array;
  /**
   * Per level pixel, its place in `pixels`, or -1: the pixels a vote writes (hole, and the kept edge
   * beside it); the rest are never touched.
   */
  slot: Int32Array;
  /** The votable pixels as a list, so a vote clears and reads only them, not the whole level. */
  pixels: Int32Array;
}

export function voteBuffers(level: FillLevel): VoteBuffers {
  const { hole, edge } = level;
  const n = hole.length;
  const slot = new Int32Array(n).fill(-1);
  let count = 0;
  for (let p = 0; p < n; p++) if (hole[p] || edge[p]) slot[p] = count++;
  const pixels = new Int32Array(count);
  for (let p = 0; p < n; p++) if (slot[p]! >= 0) pixels[slot[p]!] = p;
  // The sums are kept per votable pixel, not per level pixel: a small hole in a large window needs little.
  return { colour: new Float32Array(count * 4), weight: new Float32Array(count), expected: new Float32Array(n * 4), slot, pixels };
}

/**
 * Rebuilds the hole from the field (the "M-step" of Wexler et al., Space-Time Completion of Video):
 * each hole pixel becomes the weighted mean of what every target patch covering it would paste there.
 * With `similarity` on, a patch weighs exp(-d / 2σ²), σ² the 75th percentile of the field's
 * distances, as in the paper: good matches outvote poor ones, so edges stay sharp instead of being
 * averaged away, and where the matches disagree the mean is what is least wrong on average. Off
 * (uniform weights), it is the plain average (the fill no longer uses it: a finer level starts from
 * the coarser fill enlarged, see fill-hole.ts). The distances include the spatial cost (SPATIAL_COST
 * in fill-level.ts), so a far source weighs less than an equally alike near one. Writes the hole
 * pixels of `level.rgba` in place and the edge's `expected`.
 *
 * It is the last vote too. Taking each pixel from its single best patch instead (Newson et al. 2014)
 * keeps more grain, but where the matches disagree it commits to one guess and is wrong by the whole
 * texture: measured with `npm run bench:instant`, the weighted mean scored higher in the hole on photos
 * and textures alike (textures: 16.63 dB and SSIM 0.286 against 16.59 and 0.283 for an even mix of the
 * two), and its edge score on textures (0.694) stays well above OpenCV's smooth fills (0.613).
 */
export function votePatches(level: FillLevel, field: NearestNeighbourField, buffers: VoteBuffers, similarity: boolean): void {
  const { targets, width, height, rgba, hole, radius, opaque } = level;
  const { colour, weight, slot, pixels } = buffers;
  const words = rgbaWords(rgba);
  const [redShift, greenShift, blueShift, alphaShift] = CHANNEL_SHIFTS;
  colour.fill(0);
  weight.fill(0);
  const scale = similarity ? -1 / (2 * Math.max(1, percentile(field.distance, targets, 0.75))) : 0;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const s = field.source[t]!;
    // A floor keeps a pixel covered only by poor matches from dividing by zero.
    const w = similarity ? Math.max(Math.exp(field.distance[t]! * scale), 1e-6) : 1;
    const tx = t % width;
    const ty = (t - tx) / width;
    const top = Math.max(-radius, -ty);
    const bottom = Math.min(radius, height - 1 - ty);
    const left = Math.max(-radius, -tx);
    const right = Math.min(radius, width - 1 - tx);
    for (let dy = top; dy <= bottom; dy++) {
      const rowOffset = dy * width;
      for (let dx = left; dx <= right; dx++) {
        const p = t + rowOffset + dx;
        const at = slot[p]!;
        if (at < 0) continue;
        // One load per source pixel, its bytes taken apart by shifts.
        const word = words[s + rowOffset + dx]!;
        const to = at * 4;
        colour[to]! += w * ((word >>> redShift) & 255);
        colour[to + 1]! += w * ((word >>> greenShift) & 255);
        colour[to + 2]! += w * ((word >>> blueShift) & 255);
        if (!opaque) colour[to + 3]! += w * ((word >>> alphaShift) & 255);
        weight[at]! += w;
      }
    }
  }
  const { expected } = buffers;
  for (let k = 0; k < pixels.length; k++) {
    const p = pixels[k]!;
    const out = hole[p] ? rgba : expected;
    // An edge pixel that no patch covers (1x1 patches) expects what is there: no correction asked.
    const inverse = weight[k]! > 0 ? 1 / weight[k]! : 0;
    for (let ch = 0; ch < 3; ch++) out[p * 4 + ch] = inverse > 0 ? colour[k * 4 + ch]! * inverse : rgba[p * 4 + ch]!;
    // On an opaque level every vote for alpha is 255: the mean is too, without summing it.
    out[p * 4 + 3] = opaque ? 255 : inverse > 0 ? colour[k * 4 + 3]! * inverse : rgba[p * 4 + 3]!;
  }
}

/** The q-quantile of the targets' distances: the k-th smallest, found by selection (Hoare's), not a full sort. */
function percentile(distance: Int32Array, targets: Int32Array, q: number): number {
  const values = new Int32Array(targets.length);
  for (let k = 0; k < targets.length; k++) values[k] = distance[targets[k]!]!;
  if (values.length === 0) return 0;
  const k = Math.min(values.length - 1, Math.floor(q * values.length));
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else break;
  }
  return values[k]!;
}
