import { describe, expect, it } from 'vitest';
import { randomInt, randomMask, seededRandom } from '../../test/full-resolution/random-cases.js';
import { distanceToMask } from './distance-transform.js';
import { growMask, shrinkMask } from './mask-grow.js';

/** Brute force: distance to the nearest marked pixel. */
function bruteDistance(mask: { width: number; height: number; data: Uint8Array }): number[] {
  const marked: [number, number][] = [];
  for (let y = 0; y < mask.height; y++) for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x]! >= 128) marked.push([x, y]);
  const out: number[] = [];
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) out.push(Math.min(Infinity, ...marked.map(([mx, my]) => Math.hypot(x - mx, y - my))));
  }
  return out;
}

describe('distance transform, grow and shrink', () => {
  it('matches brute-force Euclidean distances on random masks (to float32 rounding)', () => {
    const next = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const mask = randomMask(next, randomInt(next, 1, 30), randomInt(next, 1, 30));
      const fast = distanceToMask(mask);
      const slow = bruteDistance(mask);
      for (let i = 0; i < slow.length; i++) {
        if (slow[i] === Infinity) expect(fast[i]).toBe(Infinity);
        else expect(Math.abs(fast[i]! - slow[i]!)).toBeLessThan(1e-5);
      }
    }
  });

  it('grows by a disc and shrinks back inside the original', () => {
    const mask = { width: 11, height: 11, data: new Uint8Array(121) };
    mask.data[5 * 11 + 5] = 255;
    const grown = growMask(mask, 3);
    const count = grown.data.filter((v) => v === 255).length;
    expect(count).toBe(29); // lattice points within radius 3 of a point
    expect(grown.data[5 * 11 + 8]).toBe(255);
    expect(grown.data[8 * 11 + 8]).toBe(0); // distance 4.24 > 3
    const shrunk = shrinkMask(grown, 1);
    for (let i = 0; i < 121; i++) if (shrunk.data[i]) expect(grown.data[i]).toBe(255);
    expect(shrunk.data[5 * 11 + 5]).toBe(255);
    expect(shrunk.data[5 * 11 + 8]).toBe(0);
  });

  it('does not shrink away from the image border', () => {
    const full = { width: 6, height: 6, data: new Uint8Array(36).fill(255) };
    expect(shrinkMask(full, 2).data.every((v) => v === 255)).toBe(true);
  });
});
