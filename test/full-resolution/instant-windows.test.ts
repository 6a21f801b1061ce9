import { describe, expect, it } from 'vitest';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { patchRect } from '../../models/image/patch.js';
import { InstantRemoveEngine } from '../../models/instant/instant-remove-engine.js';
import { gradientImage, rectMask } from '../engine/fixtures-pixels.js';

describe('instant remove through the full-resolution windows', () => {
  it('fills a small hole in a large photo inside one 512 px window, leaving every pixel outside the mask bit-identical', async () => {
    const image = gradientImage(2400, 1600);
    const mask = rectMask(2400, 1600, 1500, 900, 1540, 930);
    const result = await inpaintFullResolution(new InstantRemoveEngine(), { image, mask, task: 'remove', seed: 3 });
    expect(result.windows).toHaveLength(1);
    const window = result.windows[0]!;
    // About 512² pixels whatever the photo size: the cost of a fill does not grow with the photo.
    expect(window.modelWidth * window.modelHeight).toBeLessThanOrEqual(512 * 512 * 1.2);
    const out = result.variations[0]!.image!;
    // Outside the mask every byte is the source's: no grown, feathered or colour-matched edge (no halo).
    let changedOutside = 0;
    let changedInside = 0;
    for (let p = 0; p < 2400 * 1600; p++) {
      const same = [0, 1, 2, 3].every((c) => out.data[p * 4 + c] === image.data[p * 4 + c]);
      if (mask.data[p]! < 128 && !same) changedOutside++;
      if (mask.data[p]! >= 128 && !same) changedInside++;
    }
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(0);
    expect(patchRect(result.variations[0]!.patch!)).toEqual({ x: 1500, y: 900, width: 40, height: 30 });
    // The gradient is smooth, so a good fill stays close to what was there (mean error in levels).
    let error = 0;
    let count = 0;
    for (let y = 900; y < 930; y++) {
      for (let x = 1500; x < 1540; x++) {
        const i = (y * 2400 + x) * 4;
        for (let c = 0; c < 3; c++) error += Math.abs(out.data[i + c]! - image.data[i + c]!);
        count += 3;
      }
    }
    expect(error / count).toBeLessThan(6);
  });
});
