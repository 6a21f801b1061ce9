import { describe, expect, it } from 'vitest';
import type { MaskImage } from '../../models/engine/types.js';
import { cropAround, heldMaskShapes } from './held-mask-shapes.js';
import { maskHint } from './mask-hint.js';

/** A width×height mask with the rectangle [x0, x1) × [y0, y1) painted. */
function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): MaskImage {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 255;
  return { width, height, data };
}

const LEFT = { id: '1:3', name: 'Mask left' };
const RIGHT = { id: '1:4', name: 'Mask right' };

describe('which Figma shapes the window’s mask holds', () => {
  const left = cropAround(LEFT, rectMask(20, 10, 1, 1, 5, 5))!;
  const right = cropAround(RIGHT, rectMask(20, 10, 12, 2, 18, 8))!;

  it('keeps each shape as the crop around it', () => {
    expect([left.x, left.y, left.mask.width, left.mask.height, left.pixels]).toEqual([1, 1, 4, 4, 16]);
    expect([right.x, right.y, right.mask.width, right.mask.height, right.pixels]).toEqual([12, 2, 6, 6, 36]);
    expect(cropAround(LEFT, rectMask(20, 10, 0, 0, 0, 0))).toBeNull();
  });

  it('holds a shape while at least half of it is painted', () => {
    expect(heldMaskShapes(rectMask(20, 10, 0, 0, 20, 10), [left, right])).toEqual({ held: [LEFT, RIGHT], dropped: [] });
    expect(heldMaskShapes(rectMask(20, 10, 0, 0, 0, 0), [left, right])).toEqual({ held: [], dropped: [LEFT, RIGHT] });
    // Half of the left shape (8 of 16 pixels), a third of the right one (12 of 36).
    expect(heldMaskShapes(rectMask(20, 10, 0, 0, 3, 10), [left])).toEqual({ held: [LEFT], dropped: [] });
    expect(heldMaskShapes(rectMask(20, 10, 12, 0, 14, 10), [right])).toEqual({ held: [], dropped: [RIGHT] });
  });
});

describe('the hint under the mask', () => {
  it('names the shapes held, those cleared, or those a run used up', () => {
    expect(maskHint({ held: [LEFT, RIGHT], dropped: [] }, [])).toBe('Mask from “Mask left” and “Mask right”; paint to add, X to erase.');
    expect(maskHint({ held: [LEFT], dropped: [RIGHT] }, [])).toBe('Mask from “Mask left” (the window’s mask no longer holds “Mask right”); paint to add, X to erase.');
    expect(maskHint({ held: [], dropped: [RIGHT] }, [])).toBe(
      'The window’s mask no longer holds “Mask right”, so it is not hidden after the run. Paint over the area to change. [ ] size · X erase · ⌘Z undo.',
    );
    expect(maskHint({ held: [], dropped: [] }, [LEFT])).toBe('“Mask left” was used by the last run and is hidden now: show it in Figma to use it again, or paint over the area to change.');
    expect(maskHint({ held: [], dropped: [] }, [])).toBe('Paint over the area to change. [ ] size · X erase · ⌘Z undo.');
  });
});
