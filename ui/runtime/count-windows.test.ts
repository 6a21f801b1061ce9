import { describe, expect, it } from 'vitest';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { inpaintFullResolution, outpaintFullResolution } from '../../models/full-resolution/index.js';
import { FakeEngine } from '../../test/full-resolution/fake-engines.js';
import { stampSegment } from '../mask/brush-stroke.js';
import { emptyMask } from '../mask/mask-image.js';
import { countInpaintWindows, countJobWindows } from './count-windows.js';

const SD15 = { sampleSize: 64, vaeScaleFactor: 8, sizeMultiple: 8 };

function grey(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(128) };
}

/** Everything outside the rectangle [x, x + w) × [y, y + h) painted: an outpaint band. */
function bandAround(width: number, height: number, x: number, y: number, w: number, h: number): MaskImage {
  const mask = emptyMask(width, height);
  for (let py = 0; py < height; py++) for (let px = 0; px < width; px++) if (px < x || px >= x + w || py < y || py >= y + h) mask.data[py * width + px] = 255;
  return mask;
}

describe('window counts for the estimate', () => {
  it('is one window for one small area, more for areas far apart, none for an empty mask', () => {
    const mask = emptyMask(3000, 2000);
    expect(countInpaintWindows(mask, SD15)).toBe(0);
    stampSegment(mask, { x: 200, y: 200 }, { x: 260, y: 220 }, 30, 255);
    expect(countInpaintWindows(mask, SD15)).toBe(1);
    stampSegment(mask, { x: 2700, y: 1800 }, { x: 2750, y: 1820 }, 30, 255);
    expect(countInpaintWindows(mask, SD15)).toBe(2);
  });

  it('counts exactly the model runs the runners make, for outpaint window by window and for an inpainted canvas', async () => {
    // The tiny bundle's geometry (64 px native). The old count by added area (a window per 3,072 new pixels)
    // said 4 for both jobs: the window-by-window one makes 12 runs, the inpainted canvas 1 (on a larger canvas
    // that gap read "about 41 s" after a run of 2 s).
    const image = grey(100, 60);
    const outpaint = { image, mask: emptyMask(100, 60), outpaintTarget: { kind: 'frame' as const, rect: { x: -40, y: -20, width: 180, height: 100 } } };
    const byWindows = new FakeEngine(([r, g, b]) => [r, g, b]);
    await outpaintFullResolution(byWindows, { image, target: outpaint.outpaintTarget, seed: 1 });
    expect(countJobWindows(outpaint, byWindows.manifest)).toBe(byWindows.calls.length);

    const canvas = { image: grey(180, 100), mask: bandAround(180, 100, 40, 20, 100, 60) };
    const inpainted = new FakeEngine(([r, g, b]) => [r, g, b]);
    await inpaintFullResolution(inpainted, { ...canvas, task: 'outpaint', seed: 1 });
    expect(countJobWindows(canvas, inpainted.manifest)).toBe(inpainted.calls.length);

    const scattered = { image: grey(600, 400), mask: emptyMask(600, 400) };
    stampSegment(scattered.mask, { x: 30, y: 30 }, { x: 40, y: 30 }, 6, 255);
    stampSegment(scattered.mask, { x: 560, y: 360 }, { x: 570, y: 370 }, 6, 255);
    const patched = new FakeEngine(([r, g, b]) => [r, g, b]);
    await inpaintFullResolution(patched, { ...scattered, task: 'remove', seed: 1 });
    expect(countJobWindows(scattered, patched.manifest)).toBe(patched.calls.length);
    expect(patched.calls.length).toBe(2);
  });
});
