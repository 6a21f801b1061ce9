import { describe, expect, it } from 'vitest';
import { commitNumber } from './number-field.js';

const STEPS = { min: 1, max: 100, whole: true, label: 'Steps' };
const GUIDANCE = { min: 1, max: 20, whole: false, label: 'Guidance' };

describe('commitNumber (what a number field commits, and what it says)', () => {
  it('takes values in range as typed, without a note', () => {
    expect(commitNumber('24', 20, STEPS)).toEqual({ value: 24, note: null });
    expect(commitNumber('7.5', 7, GUIDANCE)).toEqual({ value: 7.5, note: null });
  });

  it('says what range applies and what it used when a value is out of range or not whole', () => {
    expect(commitNumber('1000', 20, STEPS)).toEqual({ value: 100, note: 'Steps: whole numbers from 1 to 100, so 1000 became 100.' });
    expect(commitNumber('0', 20, STEPS)).toEqual({ value: 1, note: 'Steps: whole numbers from 1 to 100, so 0 became 1.' });
    expect(commitNumber('4.6', 20, STEPS)).toEqual({ value: 5, note: 'Steps: whole numbers from 1 to 100, so 4.6 became 5.' });
    expect(commitNumber('0', 7.5, GUIDANCE)).toEqual({ value: 1, note: 'Guidance: from 1 to 20, so 0 became 1.' });
    expect(commitNumber('100', 7.5, GUIDANCE)).toEqual({ value: 20, note: 'Guidance: from 1 to 20, so 100 became 20.' });
  });

  it('keeps the current value for empty or unreadable text, and says so', () => {
    expect(commitNumber('', 20, STEPS)).toEqual({ value: 20, note: 'Steps: type a whole number from 1 to 100; kept 20.' });
    expect(commitNumber('abc', 7.5, GUIDANCE)).toEqual({ value: 7.5, note: 'Guidance: type a number from 1 to 20; kept 7.5.' });
  });
});
