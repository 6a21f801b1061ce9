import { describe, expect, it } from 'vitest';
import { randomImage, seededRandom } from '../../test/full-resolution/random-cases.js';
import { blendThroughMask } from './blend.js';
import { cropRgba } from './crop.js';
import { applyPatch, changedBounds, mergePatches, patchFromChanges, readThroughPatches } from './patch.js';

describe('blend and patches', () => {
  const next = seededRandom(9);
  const base = randomImage(next, 20, 10);
  const over = randomImage(next, 20, 10);

  it('blends: alpha 0 keeps every byte, 255 takes RGB, alpha always kept', () => {
    const alpha = { width: 20, height: 10, data: new Uint8Array(200) };
    for (let p = 0; p < 200; p++) alpha.data[p] = p % 20 < 5 ? 0 : p % 20 < 10 ? 255 : 128;
    const out = { ...base, data: new Uint8ClampedArray(base.data) };
    blendThroughMask(out, over, alpha);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 20; x++) {
        const i = (y * 20 + x) * 4;
        expect(out.data[i + 3]).toBe(base.data[i + 3]);
        for (let c = 0; c < 3; c++) {
          const expected = x < 5 ? base.data[i + c]! : x < 10 ? over.data[i + c]! : Math.round(base.data[i + c]! + ((over.data[i + c]! - base.data[i + c]!) * 128) / 255);
          expect(out.data[i + c]).toBe(expected);
        }
      }
    }
  });

  it('finds the smallest changed rectangle, and builds, applies and merges patches', () => {
    const after = { ...base, data: new Uint8ClampedArray(base.data) };
    const flip = (i: number) => (after.data[i] = after.data[i]! ^ 1);
    flip((3 * 20 + 4) * 4 + 3); // alpha alone counts as a change
    flip((7 * 20 + 12) * 4);
    expect(changedBounds(base, after)).toEqual({ x: 4, y: 3, width: 9, height: 5 });
    expect(changedBounds(base, base)).toBeUndefined();
    const patch = patchFromChanges(base, after, { x: 100, y: 50 })!;
    expect([patch.x, patch.y, patch.image.width, patch.image.height]).toEqual([104, 53, 9, 5]);
    const restored = { ...base, data: new Uint8ClampedArray(base.data) };
    applyPatch(restored, { ...patch, x: 4, y: 3 });
    expect(restored.data).toEqual(after.data);
    // A second patch overlapping the first: merged = applied in order.
    const second = { x: 10, y: 0, image: cropRgba(over, { x: 0, y: 0, width: 6, height: 4 }) };
    const first = { ...patch, x: 4, y: 3 };
    const merged = mergePatches(base, [first, second])!;
    expect([merged.x, merged.y, merged.image.width, merged.image.height]).toEqual([4, 0, 12, 8]);
    const viaMerged = { ...base, data: new Uint8ClampedArray(base.data) };
    applyPatch(viaMerged, merged);
    const inOrder = { ...base, data: new Uint8ClampedArray(base.data) };
    applyPatch(inOrder, first);
    applyPatch(inOrder, second);
    expect(viaMerged.data).toEqual(inOrder.data);
    expect(readThroughPatches(base, [first, second], { x: 0, y: 0, width: 20, height: 10 }).data).toEqual(inOrder.data);
  });

  it('clips a patch to the target', () => {
    const target = { width: 4, height: 4, data: new Uint8ClampedArray(64) };
    applyPatch(target, { x: 2, y: 2, image: { width: 4, height: 4, data: new Uint8ClampedArray(64).fill(7) } });
    expect(target.data[(3 * 4 + 3) * 4]).toBe(7);
    expect(target.data[(1 * 4 + 1) * 4]).toBe(0);
  });
});
