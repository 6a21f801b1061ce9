import { describe, expect, it } from 'vitest';
import { maskFrom, randomImage, seededRandom } from '../../test/full-resolution/random-cases.js';
import { applyColorCorrection, matchRingColors } from './color-match.js';

describe('ring colour matching', () => {
  const source = randomImage(seededRandom(5), 32, 32);
  for (let i = 0; i < source.data.length; i++) source.data[i] = 60 + (source.data[i]! % 120); // keep clear of clipping
  const ring = maskFrom(32, 32, (x, y) => x < 4 || y < 4);
  const everywhere = maskFrom(32, 32, () => true);

  it('undoes a per-channel shift and contrast change (within 1 level)', () => {
    const drifted = { ...source, data: new Uint8ClampedArray(source.data) };
    for (let i = 0; i < drifted.data.length; i += 4) {
      drifted.data[i] = drifted.data[i]! + 20;
      drifted.data[i + 1] = 0.8 * drifted.data[i + 1]! + 10;
    }
    const correction = matchRingColors(drifted, source, ring);
    expect(correction.samples).toBe(32 * 32 - 28 * 28);
    expect(correction.offset[0]).toBeCloseTo(-20, 0);
    applyColorCorrection(drifted, correction, everywhere);
    let worst = 0;
    for (let i = 0; i < source.data.length; i++) if (i % 4 !== 3) worst = Math.max(worst, Math.abs(drifted.data[i]! - source.data[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('leaves alpha and pixels outside `where` alone; skips a ring with too few pixels', () => {
    const copy = { ...source, data: new Uint8ClampedArray(source.data) };
    const tiny = maskFrom(32, 32, (x, y) => x === 0 && y < 3);
    expect(matchRingColors(copy, source, tiny)).toMatchObject({ gain: [1, 1, 1], offset: [0, 0, 0] });
    applyColorCorrection(copy, { gain: [1, 1, 1], offset: [30, 30, 30], samples: 99 }, maskFrom(32, 32, (x) => x < 16));
    expect(copy.data[3]).toBe(source.data[3]);
    expect(copy.data[0]).toBe(source.data[0]! + 30);
    expect(copy.data[(16 + 0) * 4]).toBe(source.data[16 * 4]);
  });
});
