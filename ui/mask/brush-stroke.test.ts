import { describe, expect, it } from 'vitest';
import { stampSegment, unionRects } from './brush-stroke.js';
import { emptyMask, maskedPixelCount } from './mask-image.js';

/** The mask as rows of '#' (painted) and '.' for readable expectations. */
function picture(mask: { width: number; height: number; data: Uint8Array }): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y++) {
    let row = '';
    for (let x = 0; x < mask.width; x++) row += mask.data[y * mask.width + x]! >= 128 ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

describe('stampSegment (brush at source resolution)', () => {
  it('paints a disc: every pixel whose centre lies within the radius', () => {
    const mask = emptyMask(7, 7);
    const dirty = stampSegment(mask, { x: 3.5, y: 3.5 }, { x: 3.5, y: 3.5 }, 2, 255);
    expect(picture(mask)).toEqual(['.......', '...#...', '..###..', '.#####.', '..###..', '...#...', '.......']);
    expect(dirty).toEqual({ x: 1, y: 1, width: 5, height: 5 });
  });

  it('paints a capsule along a drag, the same width all the way', () => {
    const mask = emptyMask(10, 5);
    stampSegment(mask, { x: 2, y: 2.5 }, { x: 8, y: 2.5 }, 1, 255);
    // Rows one pixel off the line are covered only where the centre is within 1 px of the segment.
    expect(picture(mask)).toEqual(['..........', '..######..', '.########.', '..######..', '..........']);
  });

  it('erases with value 0 and leaves other pixels alone', () => {
    const mask = { width: 4, height: 1, data: new Uint8Array([255, 255, 255, 255]) };
    stampSegment(mask, { x: 1.5, y: 0.5 }, { x: 2.5, y: 0.5 }, 0.5, 0);
    expect(Array.from(mask.data)).toEqual([255, 0, 0, 255]);
  });

  it('clips at the image edge and reports only pixels inside it', () => {
    const mask = emptyMask(4, 4);
    const dirty = stampSegment(mask, { x: -10, y: -10 }, { x: 0, y: 0 }, 1.5, 255);
    expect(dirty).toEqual({ x: 0, y: 0, width: 2, height: 2 });
    expect(maskedPixelCount(mask)).toBe(1);
    expect(stampSegment(mask, { x: 50, y: 50 }, { x: 60, y: 60 }, 2, 255)).toMatchObject({ width: 0 });
  });

  it('covers the expected area for a large brush (π r² within a percent)', () => {
    const mask = emptyMask(400, 400);
    stampSegment(mask, { x: 200, y: 200 }, { x: 200, y: 200 }, 100, 255);
    expect(maskedPixelCount(mask) / (Math.PI * 100 * 100)).toBeCloseTo(1, 2);
  });

  it('unions dirty rectangles, ignoring empty ones', () => {
    expect(unionRects({ x: 1, y: 1, width: 2, height: 2 }, { x: 5, y: 0, width: 1, height: 1 })).toEqual({ x: 1, y: 0, width: 5, height: 3 });
    expect(unionRects({ x: 0, y: 0, width: 0, height: 0 }, { x: 5, y: 0, width: 1, height: 1 })).toEqual({ x: 5, y: 0, width: 1, height: 1 });
  });
});
