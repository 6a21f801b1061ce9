import { describe, expect, it } from 'vitest';
import { prepareFillLevel } from './fill-level.js';
import { holeFromMask } from './hole-mask.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';
import { settleUnpredictableDetail } from './settle-unpredictable-detail.js';
import { rectangleMask } from './synthetic-pictures.js';

const SIZE = 48;

/**
 * A plain grey picture (with a level of grain) whose 16 px hole holds a patch fill: `fill(x, y)`.
 * Every target's match is poor (a large distance), as where no source really fits.
 */
function filledLevel(grey: number, fill: (x: number, y: number) => number) {
  const hole = holeFromMask(rectangleMask(SIZE, SIZE, 16, 16, 16, 16));
  const original = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let p = 0; p < hole.length; p++) {
    const x = p % SIZE;
    const y = (p - x) / SIZE;
    const v = grey + ((x + y) % 2);
    original.set([v, v, v, 255], p * 4);
  }
  const level = prepareFillLevel({ width: SIZE, height: SIZE, rgba: original.slice(), hole, sampling: hole.map((h) => 1 - h) }, 3, 0);
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    const v = fill(p % SIZE, Math.floor(p / SIZE));
    level.rgba.set([v, v, v, 255], p * 4);
  }
  const field: NearestNeighbourField = { source: new Int32Array(hole.length), distance: new Int32Array(hole.length).fill(1_000_000) };
  return { level, original, hole, field };
}

describe('settleUnpredictableDetail', () => {
  it('settles grain that matched nothing towards the smooth fill where the surroundings are plain, and touches nothing outside', () => {
    // Grain of +-30 in a plain grey: a guess, which the smooth fill (grey) beats.
    const { level, original, hole, field } = filledLevel(128, (x, y) => ((x >> 1) + (y >> 1)) % 2 ? 158 : 98);
    const deviation = () => {
      let sum = 0;
      let count = 0;
      for (let p = 0; p < hole.length; p++) if (hole[p]) (sum += Math.abs(level.rgba[p * 4]! - 128.5)), count++;
      return sum / count;
    };
    const before = deviation();
    settleUnpredictableDetail(level, original, field);
    for (let i = 0; i < original.length; i++) if (!hole[i >> 2]) expect(level.rgba[i]).toBe(original[i]);
    // Bound: less than a quarter of the grain is left (measured when written: a twelfth).
    expect(deviation()).toBeLessThan(before / 4);
  });

  it('keeps a fill that differs from the smooth fill by a structure\'s contrast as it is', () => {
    // A dark bar across a light wall: too far from the smooth fill to be grain.
    const { level, original, field, hole } = filledLevel(220, (_, y) => (y >= 22 && y <= 25 ? 20 : 220));
    const before = level.rgba.slice();
    settleUnpredictableDetail(level, original, field);
    for (let p = 0; p < hole.length; p++) {
      if (hole[p] && before[p * 4] === 20) expect(level.rgba[p * 4]).toBe(20);
    }
  });

  it('keeps detail whose patches found their match', () => {
    const { level, original, field, hole } = filledLevel(128, (x, y) => ((x >> 1) + (y >> 1)) % 2 ? 158 : 98);
    field.distance.fill(0);
    const before = level.rgba.slice();
    settleUnpredictableDetail(level, original, field);
    for (let p = 0; p < hole.length; p++) if (hole[p]) expect(level.rgba[p * 4]).toBe(before[p * 4]);
  });
});
