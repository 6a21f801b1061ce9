import type { FillLevel } from './fill-level.js';
import { patchDistance, rgbaWords } from './patch-distance.js';
import type { SeededRandom } from '../random/seeded-random.js';

/**
 * For each target centre, the centre of the source patch it copies (a pixel index; -1 for pixels that
 * are not targets) and the patch distance to it under the current fill.
 */
export interface NearestNeighbourField {
  source: Int32Array;
  distance: Int32Array;
}

/** Every target gets a source drawn uniformly from the valid ones (PatchMatch's random initialisation). */
export function randomField(level: FillLevel, random: SeededRandom): NearestNeighbourField {
  const source = new Int32Array(level.width * level.height).fill(-1);
  const { targets, sources } = level;
  for (let k = 0; k < targets.length; k++) source[targets[k]!] = sources[random.below(sources.length)]!;
  return { source, distance: new Int32Array(source.length) };
}

/**
 * Carries a coarse field to the next finer level: a fine target copies from where its coarse parent
 * copied, scaled by two, keeping its own position within the 2x2. Where that lands outside the valid
 * sources (the fine level's hole rim or border differ slightly), a random valid source stands in.
 */
export function upsampleField(
  coarse: FillLevel,
  coarseField: NearestNeighbourField,
  fine: FillLevel,
  random: SeededRandom,
): NearestNeighbourField {
  const source = new Int32Array(fine.width * fine.height).fill(-1);
  const { targets, sources, sourceOk, width, height, radius } = fine;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const tx = t % width;
    const ty = (t - tx) / width;
    const parent = coarseField.source[(ty >> 1) * coarse.width + (tx >> 1)] ?? -1;
    let chosen = -1;
    if (parent >= 0) {
      const px = parent % coarse.width;
      const py = (parent - px) / coarse.width;
      const sx = clamp(2 * px + (tx & 1), radius, width - 1 - radius);
      const sy = clamp(2 * py + (ty & 1), radius, height - 1 - radius);
      const candidate = sy * width + sx;
      if (sourceOk[candidate]) chosen = candidate;
    }
    source[t] = chosen >= 0 ? chosen : sources[random.below(sources.length)]!;
  }
  return { source, distance: new Int32Array(source.length) };
}

/** Recomputes every target's distance (patch distance plus the spatial cost), after the fill under the targets has changed. */
export function measureField(level: FillLevel, field: NearestNeighbourField): void {
  const { targets, width, height, radius } = level;
  const words = rgbaWords(level.rgba);
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const s = field.source[t]!;
    const tx = t % width;
    const sx = s % width;
    const sy = (s - sx) / width;
    const ty = (t - tx) / width;
    field.distance[t] = level.spatial * ((sx - tx) ** 2 + (sy - ty) ** 2) + patchDistance(words, width, height, tx, ty, sx, sy, radius, 0x7fffffff);
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
