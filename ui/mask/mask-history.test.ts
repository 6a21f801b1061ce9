import { describe, expect, it } from 'vitest';
import { stampSegment } from './brush-stroke.js';
import { MaskHistory } from './mask-history.js';
import { emptyMask, maskedPixelCount } from './mask-image.js';
import { applyMaskTool } from './mask-tools.js';

describe('MaskHistory', () => {
  it('undoes and redoes strokes painted in place, one commit a step', () => {
    const history = new MaskHistory(emptyMask(8, 8));
    stampSegment(history.present, { x: 2, y: 2 }, { x: 2, y: 2 }, 1, 255);
    expect(history.commit()).toBe(true);
    const afterFirst = maskedPixelCount(history.present);
    stampSegment(history.present, { x: 6, y: 6 }, { x: 6, y: 6 }, 1, 255);
    history.commit();
    const afterSecond = maskedPixelCount(history.present);
    expect(afterSecond).toBeGreaterThan(afterFirst);

    expect(history.undo()).toBe(true);
    expect(maskedPixelCount(history.present)).toBe(afterFirst);
    expect(history.undo()).toBe(true);
    expect(maskedPixelCount(history.present)).toBe(0);
    expect(history.undo()).toBe(false);
    expect(history.redo()).toBe(true);
    expect(history.redo()).toBe(true);
    expect(maskedPixelCount(history.present)).toBe(afterSecond);
    expect(history.canRedo).toBe(false);
  });

  it('records whole-mask tools and drops the redo branch after a new edit', () => {
    const history = new MaskHistory(emptyMask(4, 4));
    history.commit(applyMaskTool(history.present, 'invert'));
    expect(maskedPixelCount(history.present)).toBe(16);
    history.undo();
    expect(history.canRedo).toBe(true);
    history.commit(applyMaskTool(history.present, 'invert'));
    expect(history.canRedo).toBe(false);
  });

  it('ignores commits that change nothing, and reverts uncommitted edits', () => {
    const history = new MaskHistory(emptyMask(4, 4));
    expect(history.commit()).toBe(false);
    expect(history.canUndo).toBe(false);
    stampSegment(history.present, { x: 1, y: 1 }, { x: 1, y: 1 }, 1, 255);
    history.revert();
    expect(maskedPixelCount(history.present)).toBe(0);
  });

  it('keeps within its byte budget by dropping the oldest steps', () => {
    const history = new MaskHistory(emptyMask(10, 10), 350); // room for 3 snapshots of 100 bytes
    for (let i = 0; i < 6; i++) {
      stampSegment(history.present, { x: i + 0.5, y: 0.5 }, { x: i + 0.5, y: 0.5 }, 0.5, 255);
      history.commit();
    }
    let undos = 0;
    while (history.undo()) undos++;
    expect(undos).toBe(2);
    expect(maskedPixelCount(history.present)).toBe(4);
  });
});

describe('mask tools', () => {
  it('grow, shrink, invert and clear at source resolution', () => {
    const mask = emptyMask(100, 100);
    stampSegment(mask, { x: 50, y: 50 }, { x: 50, y: 50 }, 10, 255);
    const area = maskedPixelCount(mask);
    expect(maskedPixelCount(applyMaskTool(mask, 'grow'))).toBeGreaterThan(area);
    expect(maskedPixelCount(applyMaskTool(mask, 'shrink'))).toBeLessThan(area);
    expect(maskedPixelCount(applyMaskTool(mask, 'invert'))).toBe(100 * 100 - area);
    expect(maskedPixelCount(applyMaskTool(mask, 'clear'))).toBe(0);
    expect(applyMaskTool(mask, 'grow')).toMatchObject({ width: 100, height: 100 });
  });
});
