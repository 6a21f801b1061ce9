import { describe, expect, it } from 'vitest';
import { clampNumber } from './number-field.js';

describe('clampNumber (what a number field commits)', () => {
  it('keeps values in range, rounding whole-number fields', () => {
    expect(clampNumber('24', 8, 2048, true)).toBe(24);
    expect(clampNumber('4.6', 1, 10, true)).toBe(5);
    expect(clampNumber('7.5', 0, 50, false)).toBe(7.5);
  });

  it('clamps to the limits and takes the minimum for empty or unreadable text', () => {
    expect(clampNumber('99999', 1, 8, true)).toBe(8);
    expect(clampNumber('-3', 1, 8, true)).toBe(1);
    expect(clampNumber('', 1, 8, true)).toBe(1);
    expect(clampNumber('abc', 1, 8, true)).toBe(1);
  });
});
