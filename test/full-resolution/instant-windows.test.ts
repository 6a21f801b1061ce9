import { describe, expect, it } from 'vitest';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { patchRect } from '../../models/image/patch.js';
import { InstantRemoveEngine } from '../../models/instant/instant-remove-engine.js';
import { gradientImage, rectMask } from '../engine/fixtures-pixels.js';

describe('instant remove through the full-resolution windows', () => {
  it('fills a small hole in a large photo inside one 512 px window, leaving everything else bit-identical', async () => {
    const image = gradientImage(2400, 1600);
    const mask = rectMask(2400, 1600, 1500, 900, 1540, 930);
    const result = await inpaintFullResolution(new InstantRemoveEngine(), { image, mask, task: 'remove', seed: 3 });
    expect(result.windows).toHaveLength(1);
    const window = result.windows[0]!;
    // About 512² pixels whatever the photo size: the cost of a fill does not grow with the photo.
    expect(window.modelWidth * window.modelHeight).toBeLessThanOrEqual(512 * 512 * 1.2);
    const out = result.variations[0]!.image!;
    const patch = patchRect(result.variations[0]!.patch!);
    // Outside the patch rectangle (mask grown and feathered) every byte is the source's.
    let changedOutside = 0;
    for (let y = 0; y < 1600; y += 3) {
      for (let x = 0; x < 2400; x += 3) {
        const inside = x >= patch.x && x < patch.x + patch.width && y >= patch.y && y < patch.y + patch.height;
        const i = (y * 2400 + x) * 4;
        if (!inside && [0, 1, 2, 3].some((c) => out.data[i + c] !== image.data[i + c])) changedOutside++;
      }
    }
    expect(changedOutside).toBe(0);
    expect(patch.width).toBeLessThan(100);
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
