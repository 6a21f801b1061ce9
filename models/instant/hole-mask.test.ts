import { describe, expect, it } from 'vitest';
import { dilateSquare, holeDepth, holeFromMask } from './hole-mask.js';
import { SeededRandom } from '../random/seeded-random.js';

describe('hole mask', () => {
  it('treats >= 128 as hole', () => {
    expect([...holeFromMask({ width: 4, height: 1, data: new Uint8Array([0, 127, 128, 255]) })]).toEqual([0, 0, 1, 1]);
  });

  it('dilates like a brute-force square maximum, at every radius', () => {
    const random = new SeededRandom(9);
    const width = 23;
    const height = 17;
    const set = new Uint8Array(width * height).map(() => (random.below(40) === 0 ? 1 : 0));
    for (const radius of [0, 1, 3, 30]) {
      const got = dilateSquare(set, width, height, radius);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let any = 0;
          for (let v = Math.max(0, y - radius); v <= Math.min(height - 1, y + radius); v++) {
            for (let u = Math.max(0, x - radius); u <= Math.min(width - 1, x + radius); u++) any |= set[v * width + u]!;
          }
          expect(got[y * width + x]).toBe(any);
        }
      }
    }
  });

  it('measures depth as the distance to the nearest kept pixel', () => {
    const square = (side: number, w: number) => {
      const hole = new Uint8Array(w * w);
      for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) hole[(y + 2) * w + x + 2] = 1;
      return hole;
    };
    expect(holeDepth(square(1, 8), 8, 8)).toBe(1);
    expect(holeDepth(square(5, 10), 10, 10)).toBe(3);
    expect(holeDepth(new Uint8Array(9).fill(1), 3, 3)).toBe(Infinity);
  });
});
