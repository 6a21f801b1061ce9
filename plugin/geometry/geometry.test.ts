import { describe, expect, it } from 'vitest';
import { compose, invert, splitRigid, translation, scaling } from './affine.js';
import { coveredFraction } from './coverage.js';
import { parsePathData, transformPathData, writePathData } from './path-data.js';

describe('path data', () => {
  it('reads relative, H/V and smooth commands as absolute segments', () => {
    expect(writePathData(parsePathData('m10 10 h20 v10 H10 z M 0 0 c 1 2 3 4 5 6 s 7 8 9 10 q 1 1 2 0 t 2 0'))).toBe(
      'M 10 10 L 30 10 L 30 20 L 10 20 Z M 0 0 C 1 2 3 4 5 6 C 7 8 12 14 14 16 Q 15 17 16 16 Q 17 15 18 16',
    );
  });

  it('maps through a matrix and writes three decimals', () => {
    expect(transformPathData('M 0 0 L 1 0 L 1 1 Z', compose(translation(5, 5), scaling(1 / 3)))).toBe('M 5 5 L 5.333 5 L 5.333 5.333 Z');
  });

  it('refuses arcs, which Figma never writes', () => {
    expect(() => parsePathData('M 0 0 A 5 5 0 0 1 10 10')).toThrow('Unsupported path command "A"');
  });
});

describe('matrices', () => {
  it('split a rotated, flipped, scaled matrix into a rigid part and scales; refuse a skew', () => {
    const c = Math.cos(0.5);
    const s = Math.sin(0.5);
    const m = compose([[c, -s, 7], [s, c, 3]], scaling(-2, 3));
    const split = splitRigid(m)!;
    expect([split.scaleX, split.scaleY].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([2, 3]);
    expect(compose(split.rigid, scaling(2, 3))[0][0]).toBeCloseTo(m[0][0], 12);
    expect(splitRigid([[1, 0.5, 0], [0, 1, 0]])).toBeNull();
    expect(compose(m, invert(m))[0].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 0, 0]);
  });
});

describe('coverage', () => {
  it('estimates the share of a canvas an outline covers, by winding rule', () => {
    expect(coveredFraction([{ windingRule: 'NONZERO', data: 'M 0 0 L 50 0 L 50 100 L 0 100 Z' }], 100, 100)).toBeCloseTo(0.5, 2);
    const ring = 'M 0 0 L 100 0 L 100 100 L 0 100 Z M 25 25 L 75 25 L 75 75 L 25 75 Z';
    expect(coveredFraction([{ windingRule: 'EVENODD', data: ring }], 100, 100)).toBeCloseTo(0.75, 2);
    expect(coveredFraction([{ windingRule: 'NONZERO', data: 'M 200 200 L 300 200 L 300 300 Z' }], 100, 100)).toBe(0);
  });
});
