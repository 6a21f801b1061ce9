import { describe, expect, it } from 'vitest';
import { stampSegment } from '../mask/brush-stroke.js';
import { emptyMask } from '../mask/mask-image.js';
import { countInpaintWindows, estimateOutpaintWindows } from './count-windows.js';

const SD15 = { sampleSize: 64, vaeScaleFactor: 8, sizeMultiple: 8 };

describe('window counts for the estimate', () => {
  it('is one window for one small area, more for areas far apart, none for an empty mask', () => {
    const mask = emptyMask(3000, 2000);
    expect(countInpaintWindows(mask, SD15)).toBe(0);
    stampSegment(mask, { x: 200, y: 200 }, { x: 260, y: 220 }, 30, 255);
    expect(countInpaintWindows(mask, SD15)).toBe(1);
    stampSegment(mask, { x: 2700, y: 1800 }, { x: 2750, y: 1820 }, 30, 255);
    expect(countInpaintWindows(mask, SD15)).toBe(2);
  });

  it('grows with the area outpaint adds', () => {
    expect(estimateOutpaintWindows(100, SD15)).toBe(1);
    expect(estimateOutpaintWindows(4 * 512 * 512, SD15)).toBeGreaterThan(4);
  });
});
