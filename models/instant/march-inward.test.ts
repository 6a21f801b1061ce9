import { describe, expect, it } from 'vitest';
import { marchFill, marchInward, type ValueWindow } from './march-inward.js';

/** A window of 2 channels: a vertical step (40 left of x = 20, 200 from it) and its mirror, with a hole. */
function stepWindow(hole: (x: number, y: number) => boolean): ValueWindow {
  const width = 40;
  const height = 40;
  const values = new Float32Array(width * height * 2);
  const holeMap = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (hole(x, y)) holeMap[p] = 1;
      else values.set(x < 20 ? [40, 200] : [200, 40], p * 2);
    }
  }
  return { width, height, channels: 2, values, hole: holeMap };
}

describe('marchInward', () => {
  it('carries a step that crosses the hole straight through it, in every channel, and leaves known pixels alone', () => {
    // A band across the step, 9 rows high: the step enters from above and below.
    const window = stepWindow((x, y) => y >= 16 && y <= 24 && x >= 4 && x <= 35);
    const before = window.values.slice();
    marchInward(window, 4);
    let worst = 0;
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 40; x++) {
        const p = y * 40 + x;
        if (!window.hole[p]) {
          expect([window.values[p * 2], window.values[p * 2 + 1]]).toEqual([before[p * 2], before[p * 2 + 1]]);
          continue;
        }
        // Six columns either side of the step may be in between (the fill weighs neighbours within
        // its reach: in the middle row the step softens over as many); the rest must be the side's value.
        if (x >= 14 && x <= 25) continue;
        const want = x < 20 ? [40, 200] : [200, 40];
        worst = Math.max(worst, Math.abs(window.values[p * 2]! - want[0]!), Math.abs(window.values[p * 2 + 1]! - want[1]!));
      }
    }
    // Bound: within 3 levels of the side's value (measured when written: 2).
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('fills a hole in a plain area with the area\'s value (to float rounding)', () => {
    const window = stepWindow((x, y) => (x - 8) ** 2 + (y - 20) ** 2 <= 25);
    marchInward(window, 4);
    for (let p = 0; p < 1600; p++) {
      if (!window.hole[p]) continue;
      expect(window.values[p * 2]).toBeCloseTo(40, 3);
      expect(window.values[p * 2 + 1]).toBeCloseTo(200, 3);
    }
  });
});

describe('marchFill', () => {
  it('fills an RGBA picture on the hole\'s box alone, as marchInward does over the whole picture', () => {
    const width = 48;
    const height = 40;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) data.set([(p * 37) % 256, (p * 11) % 256, (p * 5) % 200, 200 + (p % 56)], p * 4);
    const hole = new Uint8Array(width * height);
    for (let y = 12; y < 26; y++) for (let x = 20; x < 31; x++) hole[y * width + x] = 1;
    const filled = marchFill({ width, height, data }, hole);
    const whole: ValueWindow = { width, height, channels: 4, values: Float32Array.from(data), hole };
    marchInward(whole, 4);
    let changedOutside = 0;
    let worst = 0;
    for (let p = 0; p < hole.length; p++) {
      for (let ch = 0; ch < 4; ch++) {
        if (!hole[p]) changedOutside += filled[p * 4 + ch] === data[p * 4 + ch] ? 0 : 1;
        else worst = Math.max(worst, Math.abs(filled[p * 4 + ch]! - whole.values[p * 4 + ch]!));
      }
    }
    expect(changedOutside).toBe(0);
    // Bytes against floats: at most rounding apart.
    expect(worst).toBeLessThanOrEqual(0.5);
  });
});
