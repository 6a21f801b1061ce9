import { describe, expect, it } from 'vitest';
import { prepareFillLevel } from './fill-level.js';
import { measureField, randomField } from './nearest-neighbour-field.js';
import { patchMatchSweep } from './patch-match-sweep.js';
import { SeededRandom } from '../random/seeded-random.js';
import { rectangleMask, syntheticPicture } from './synthetic-pictures.js';
import { holeFromMask } from './hole-mask.js';

describe('patchMatchSweep', () => {
  it('only ever picks valid sources, and finds exact matches for a periodic picture whose hole holds the truth', () => {
    const image = syntheticPicture('checkerboard', 64, 64);
    const hole = holeFromMask(rectangleMask(64, 64, 24, 24, 12, 12));
    // The hole still holds the true pattern, so a perfect match (distance 0) exists for every target.
    const sampling = hole.map((h) => 1 - h);
    // Plain PatchMatch: without the spatial cost a perfect match's distance is exactly 0.
    const level = { ...prepareFillLevel({ width: 64, height: 64, rgba: new Uint8ClampedArray(image.data), hole, sampling }, 3, 1), spatial: 0 };
    const random = new SeededRandom(1);
    const field = randomField(level, random);
    measureField(level, field);
    const before = level.targets.reduce((sum, t) => sum + field.distance[t]!, 0);
    for (let pass = 0; pass < 6; pass++) {
      measureField(level, field);
      patchMatchSweep(level, field, random, pass % 2 === 1);
    }
    let after = 0;
    for (const t of level.targets) {
      expect(level.sourceOk[field.source[t]!]).toBe(1);
      after += field.distance[t]!;
    }
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(0);
  });
});

describe('patchMatchSweep with a spatial cost', () => {
  it('prefers the nearest of several exact matches', () => {
    const image = syntheticPicture('checkerboard', 64, 64);
    const hole = holeFromMask(rectangleMask(64, 64, 24, 24, 12, 12));
    const sampling = hole.map((h) => 1 - h);
    const plain = { ...prepareFillLevel({ width: 64, height: 64, rgba: new Uint8ClampedArray(image.data), hole, sampling }, 3, 1), spatial: 0 };
    const near = { ...plain, spatial: 32 };
    const meanOffset = (level: typeof plain) => {
      const random = new SeededRandom(1);
      const field = randomField(level, random);
      for (let pass = 0; pass < 6; pass++) {
        measureField(level, field);
        patchMatchSweep(level, field, random, pass % 2 === 1);
      }
      let sum = 0;
      for (const t of level.targets) sum += Math.hypot((field.source[t]! % 64) - (t % 64), Math.floor(field.source[t]! / 64) - Math.floor(t / 64));
      return sum / level.targets.length;
    };
    expect(meanOffset(near)).toBeLessThan(meanOffset(plain));
  });
});
