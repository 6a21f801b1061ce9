import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../engine/types.js';
import { SeededRandom } from '../random/seeded-random.js';
import { layoutOverGrain } from './layout-over-grain.js';
import { noisePicture } from './synthetic-pictures.js';

const SIDE = 64;

/** A grey picture: `base(x, y)` plus seeded noise of ±`grain`. */
function picture(base: (x: number, y: number) => number, grain: number): RgbaImage {
  const random = new SeededRandom(9);
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = base(x, y) + (grain > 0 ? random.below(2 * grain + 1) - grain : 0);
      data.set([v, v, v, 255], (y * SIDE + x) * 4);
    }
  }
  return { width: SIDE, height: SIDE, data };
}

/** A 16 px square hole in the middle and the 12 px band around it. */
function holeAndBand(): { hole: Uint8Array; band: Uint8Array } {
  const hole = new Uint8Array(SIDE * SIDE);
  const band = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const inHole = x >= 24 && x < 40 && y >= 24 && y < 40;
      hole[y * SIDE + x] = inHole ? 1 : 0;
      band[y * SIDE + x] = !inHole && x >= 12 && x < 52 && y >= 12 && y < 52 ? 1 : 0;
    }
  }
  return { hole, band };
}

describe('layoutOverGrain', () => {
  const { hole, band } = holeAndBand();

  it('stays well below 1 where the surroundings are one texture', () => {
    // Bounds: the gate's GRAIN_ONLY (0.5, ring-validation.ts), half of it for noise. Measured when written: 0.04 on
    // unrepeated noise, 0.34 on ±20 of grain over a shading of 20 levels across the band.
    expect(layoutOverGrain(noisePicture(SIDE, SIDE, 3), hole, band, 2)).toBeLessThan(0.25);
    expect(layoutOverGrain(picture((x) => 100 + x / 2, 20), hole, band, 2)).toBeLessThan(0.5);
  });

  it('is several where different things meet beside the hole, grain or not', () => {
    // Dark above, light below the hole's middle: the local means jump by 120, the grain is ±10 (measured
    // when written: 14.3; flat colours 16.5).
    const twoThings = picture((_, y) => (y < 32 ? 60 : 180), 10);
    expect(layoutOverGrain(twoThings, hole, band, 2)).toBeGreaterThan(3);
    // Flat colours and an edge (a mockup): the only variance within boxes is where they cross the edge.
    expect(layoutOverGrain(picture((_, y) => (y < 32 ? 60 : 180), 0), hole, band, 2)).toBeGreaterThan(3);
  });

  it('is 0 on a flat surround, and ignores what lies under the hole', () => {
    expect(layoutOverGrain(picture(() => 128, 0), hole, band, 2)).toBe(0);
    const flatWithObject = picture((x, y) => (x >= 24 && x < 40 && y >= 24 && y < 40 ? 250 : 128), 0);
    expect(layoutOverGrain(flatWithObject, hole, band, 2)).toBe(0);
  });
});
