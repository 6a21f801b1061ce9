import { describe, expect, it } from 'vitest';
import { maskFrom } from '../../test/full-resolution/random-cases.js';
import { featherMask, featherWeight } from './mask-feather.js';

describe('featherMask', () => {
  const mask = maskFrom(40, 1, (x) => x >= 10 && x < 20);

  it('is 255 on the mask, fades over the outer `feather` px of `grow`, 0 beyond grow', () => {
    const soft = featherMask(mask, { grow: 8, feather: 4 });
    for (let x = 10; x < 20; x++) expect(soft.data[x]).toBe(255);
    expect(soft.data[23]).toBe(255); // 4 px out: grow - feather
    expect(soft.data[25]).toBeGreaterThan(0);
    expect(soft.data[25]).toBeLessThan(255);
    expect(soft.data[28]).toBe(0); // exactly grow: faded out
    for (let x = 29; x < 40; x++) expect(soft.data[x]).toBe(0);
    for (let x = 0; x <= 1; x++) expect(soft.data[x]).toBe(0);
    // Monotone fade.
    for (let x = 20; x < 28; x++) expect(soft.data[x + 1]!).toBeLessThanOrEqual(soft.data[x]!);
  });

  it('starts the fade inside the mask when feather exceeds grow', () => {
    const soft = featherMask(mask, { grow: 0, feather: 4 });
    expect(soft.data[15]).toBe(255); // 5 px from the nearest unmasked pixel: signed distance -4
    expect(soft.data[10]).toBeLessThan(255);
    expect(soft.data[20]).toBe(0);
  });

  it('has a smoothstep weight', () => {
    expect(featherWeight(0, 8, 8)).toBe(255);
    expect(featherWeight(4, 8, 8)).toBe(128);
    expect(featherWeight(8, 8, 8)).toBe(0);
    expect(featherWeight(3, 2, 0)).toBe(0);
    expect(featherWeight(2, 2, 0)).toBe(255);
  });
});
