import { describe, expect, it } from 'vitest';
import { holeFromMask } from './hole-mask.js';
import { checkScale, ringErrors, smoothFillShare } from './ring-validation.js';
import { noisePicture, rectangleMask, syntheticPicture } from './synthetic-pictures.js';

describe('smoothFillShare', () => {
  it('keeps the patch fill where it continues structure: the ring confirms it by a wide margin', () => {
    const image = syntheticPicture('stripes', 96, 96);
    const hole = holeFromMask(rectangleMask(96, 96, 36, 36, 24, 24));
    const errors = ringErrors(checkScale(image, hole))!;
    // Measured when written: the patch fill's ring error is 0 here, the smooth fill's 900.
    expect(errors.patch * 10).toBeLessThan(errors.smooth);
    expect(smoothFillShare(image, hole)).toBe(0);
  });

  it('keeps the grain of a texture even where the ring favours the smooth fill', () => {
    // On unrepeated noise a smooth fill predicts the ring's mean a little better (ratio 1.04 when
    // written); the surroundings are one texture, so the gate keeps the patch fill's grain.
    const image = noisePicture(80, 80, 3);
    const hole = holeFromMask(rectangleMask(80, 80, 28, 28, 24, 24));
    const errors = ringErrors(checkScale(image, hole))!;
    expect(errors.patch).toBeGreaterThan(errors.smooth);
    expect(smoothFillShare(image, hole)).toBe(0);
  });

  it('gives no verdict where there is no ring to hold out', () => {
    const image = syntheticPicture('stripes', 40, 40);
    const everything = new Uint8Array(40 * 40).fill(1);
    expect(ringErrors(checkScale(image, everything))).toBeUndefined();
    expect(smoothFillShare(image, everything)).toBe(0);
  });
});
