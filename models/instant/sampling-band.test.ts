import { describe, expect, it } from 'vitest';
import { holeDepth, holeFromMask } from './hole-mask.js';
import { samplingBand, widenForPatches } from './sampling-band.js';
import { rectangleMask } from './synthetic-pictures.js';

describe('samplingBand', () => {
  it('is the kept pixels within max(16 px, 2 x the hole depth) of the hole, never the hole itself', () => {
    const width = 200;
    const height = 200;
    const hole = holeFromMask(rectangleMask(width, height, 80, 80, 40, 40)); // depth 20: reach 40
    const band = samplingBand(hole, width, height, holeDepth(hole, width, height));
    expect(band[100 * width + 100]).toBe(0); // inside the hole
    expect(band[100 * width + 79]).toBe(1); // just left of it
    expect(band[100 * width + 40]).toBe(1); // 40 px left: the edge of the band
    expect(band[100 * width + 39]).toBe(0); // 41 px: outside
    expect(band[10 * width + 10]).toBe(0); // far corner
  });

  it('keeps at least a 16 px band around a thin stroke', () => {
    const hole = holeFromMask(rectangleMask(100, 100, 20, 50, 60, 2));
    const band = samplingBand(hole, 100, 100, holeDepth(hole, 100, 100));
    expect(band[(50 - 16) * 100 + 50]).toBe(1);
    expect(band[(50 - 17) * 100 + 50]).toBe(0);
  });

  it('widens a thin coarse band to a patch and a bit beyond, keeping what it had', () => {
    const hole = holeFromMask(rectangleMask(40, 40, 15, 15, 10, 10));
    const far = new Uint8Array(40 * 40);
    far[0] = 1;
    const widened = widenForPatches(far, hole, 40, 40, 3); // ring of 8
    expect(widened[0]).toBe(1);
    expect(widened[20 * 40 + 7]).toBe(1);
    expect(widened[20 * 40 + 6]).toBe(0);
    expect(widened[20 * 40 + 20]).toBe(0);
  });
});
