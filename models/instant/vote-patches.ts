import type { FillLevel } from './fill-level.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';

/** Scratch buffers for voting, kept across iterations so a run allocates them once per level. */
export interface VoteBuffers {
  colour: Float32Array;
  weight: Float32Array;
  from: Int32Array;
}

export function voteBuffers(pixels: number): VoteBuffers {
  return { colour: new Float32Array(pixels * 4), weight: new Float32Array(pixels), from: new Int32Array(pixels) };
}

/**
 * Rebuilds the hole from the field (the "M-step" of Wexler et al., Space-Time Completion of Video):
 * each hole pixel becomes the weighted mean of what every target patch covering it would paste there.
 * With `similarity` on, a patch weighs exp(-d / 2σ²), σ² the 75th percentile of the field's
 * distances, as in the paper: good matches outvote poor ones, so edges stay sharp instead of being
 * averaged away. Off (uniform weights), it is the plain average, used where distances are not yet
 * meaningful (right after upsampling). Writes the hole pixels of `level.rgba` in place.
 */
export function votePatches(level: FillLevel, field: NearestNeighbourField, buffers: VoteBuffers, similarity: boolean): void {
  const { targets, width, height, rgba, hole, radius } = level;
  const { colour, weight } = buffers;
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
        if (!hole[p]) continue;
        const from = (s + rowOffset + dx) * 4;
        const to = p * 4;
        colour[to]! += w * rgba[from]!;
        colour[to + 1]! += w * rgba[from + 1]!;
        colour[to + 2]! += w * rgba[from + 2]!;
        colour[to + 3]! += w * rgba[from + 3]!;
        weight[p]! += w;
      }
    }
  }
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k]!;
    if (!hole[p]) continue;
    const inverse = 1 / weight[p]!;
    const at = p * 4;
    rgba[at] = colour[at]! * inverse;
    rgba[at + 1] = colour[at + 1]! * inverse;
    rgba[at + 2] = colour[at + 2]! * inverse;
    rgba[at + 3] = colour[at + 3]! * inverse;
  }
}

/**
 * The last vote of a fill: each hole pixel takes its colour from the one covering patch that matches
 * best, instead of a mean (Newson et al., Video Inpainting of Complex Scenes, 2014, do this at the
 * finest level). A mean of even well-matched patches blurs fine texture, which the eye reads as a smudge.
 */
export function voteBestPatch(level: FillLevel, field: NearestNeighbourField, buffers: VoteBuffers): void {
  const { targets, width, height, rgba, hole, radius } = level;
  // \`weight\` holds the best distance seen so far at each pixel, \`colour\` the source pixel index it came from.
  const { colour: from, weight: best } = buffers;
  for (let k = 0; k < targets.length; k++) best[targets[k]!] = Infinity;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const s = field.source[t]!;
    const d = field.distance[t]!;
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
        if (!hole[p] || d >= best[p]!) continue;
        best[p] = d;
        from[p] = s + rowOffset + dx;
      }
    }
  }
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k]!;
    if (!hole[p]) continue;
    const at = p * 4;
    const src = from[p]! * 4;
    rgba[at] = rgba[src]!;
    rgba[at + 1] = rgba[src + 1]!;
    rgba[at + 2] = rgba[src + 2]!;
    rgba[at + 3] = rgba[src + 3]!;
  }
}

/** The q-quantile of the targets' distances. */
function percentile(distance: Int32Array, targets: Int32Array, q: number): number {
  const values = new Int32Array(targets.length);
  for (let k = 0; k < targets.length; k++) values[k] = distance[targets[k]!]!;
  values.sort();
  return values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
}
