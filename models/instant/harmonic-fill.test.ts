import { describe, expect, it } from 'vitest';
import { diffuseIntoHole } from './diffuse-into-hole.js';
import { prepareFillLevel } from './fill-level.js';
import { holeFromMask } from './hole-mask.js';
import { blendSeamlessly } from './seamless-blend.js';
import { discMask, rectangleMask } from './synthetic-pictures.js';

/** A horizontal ramp (red = 3·x, green = 2·y): a harmonic picture, so a membrane must reproduce it. */
function ramp(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set([3 * x, 2 * y, 90, 255], (y * width + x) * 4);
  return rgba;
}

describe('diffuseIntoHole', () => {
  it('fills a hole in a linear ramp with the ramp (a membrane through the edge), and only the hole', () => {
    const width = 64;
    const height = 48;
    const truth = ramp(width, height);
    const hole = holeFromMask(discMask(width, height, 30, 22, 12));
    const rgba = truth.slice();
    for (let p = 0; p < hole.length; p++) if (hole[p]) rgba.set([0, 0, 0, 0], p * 4);
    diffuseIntoHole({ width, height, rgba, hole, sampling: new Uint8Array(hole.length) });
    let worst = 0;
    for (let i = 0; i < rgba.length; i++) {
      if (!hole[i >> 2]) expect(rgba[i]).toBe(truth[i]);
      else worst = Math.max(worst, Math.abs(rgba[i]! - truth[i]!));
    }
    // Bound: within 2 levels of the ramp (the solver stops after a fixed number of sweeps).
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe('blendSeamlessly', () => {
  it('takes away a fill that is too bright by a constant, keeping its texture, and touches nothing outside', () => {
    const width = 48;
    const height = 48;
    const truth = ramp(width, height);
    const hole = holeFromMask(rectangleMask(width, height, 16, 14, 14, 16));
    const level = prepareFillLevel({ width, height, rgba: truth.slice(), hole, sampling: hole.map((h) => 1 - h) }, 1, 0);
    // A fill copied from a patch 20 levels brighter in red: it expects the edge 20 brighter too.
    const expected = new Float32Array(hole.length * 4);
    for (let p = 0; p < hole.length; p++) {
      for (let ch = 0; ch < 4; ch++) expected[p * 4 + ch] = truth[p * 4 + ch]! + (ch === 0 ? 20 : 0);
      if (hole[p]) level.rgba[p * 4] = truth[p * 4]! + 20;
    }
    blendSeamlessly(level, expected);
    let worst = 0;
    for (let i = 0; i < truth.length; i++) {
      if (!hole[i >> 2]) expect(level.rgba[i]).toBe(truth[i]);
      else worst = Math.max(worst, Math.abs(level.rgba[i]! - truth[i]!));
    }
    // Bound: within 1 level of the truth (rounding; measured: 1).
    expect(worst).toBeLessThanOrEqual(1);
  });
});
