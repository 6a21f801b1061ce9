import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '../../test/full-resolution/random-cases.js';
import { outpaintCanvas, sourceRectInCanvas } from './outpaint-canvas.js';
import { planOutpaintWindows } from './outpaint-windows.js';
import { rectContains, type Rect } from './rect.js';

function coverage(width: number, height: number, rects: Rect[]): Uint8Array {
  const hit = new Uint8Array(width * height);
  for (const r of rects) for (let y = r.y; y < r.y + r.height; y++) hit.fill(1, y * width + r.x, y * width + r.x + r.width);
  return hit;
}

describe('planOutpaintWindows', () => {
  it('property: windows inside the canvas cover the whole new area, nearest first, each reaching into what is already there (200 seeded cases)', () => {
    const next = seededRandom(21);
    for (let trial = 0; trial < 200; trial++) {
      const source = { width: randomInt(next, 16, 300), height: randomInt(next, 16, 300) };
      const target = { kind: 'sides' as const, left: randomInt(next, 0, 400), top: randomInt(next, 0, 400), right: randomInt(next, 0, 400), bottom: randomInt(next, 0, 400) };
      const canvas = outpaintCanvas(source, target);
      const inside = sourceRectInCanvas(source, canvas);
      const side = randomInt(next, 32, 160);
      const context = Math.round(side / 4);
      const windows = planOutpaintWindows(canvas, inside, { side, context });
      const hit = coverage(canvas.width, canvas.height, [inside, ...windows]);
      expect(hit.indexOf(0)).toBe(-1); // every new-area pixel is in some window
      const known = coverage(canvas.width, canvas.height, [inside]);
      for (const w of windows) {
        expect(rectContains({ x: 0, y: 0, width: canvas.width, height: canvas.height }, w)).toBe(true);
        expect(rectContains(inside, w)).toBe(false);
        // Each window holds known pixels (source or earlier windows): at least a context x context corner.
        let count = 0;
        for (let y = w.y; y < w.y + w.height; y++) for (let x = w.x; x < w.x + w.width; x++) count += known[y * canvas.width + x]!;
        expect(count).toBeGreaterThanOrEqual(Math.min(context, inside.width, inside.height) ** 2);
        for (let y = w.y; y < w.y + w.height; y++) known.fill(1, y * canvas.width + w.x, y * canvas.width + w.x + w.width);
      }
    }
  });

  it('uses one window when the canvas fits in one', () => {
    const windows = planOutpaintWindows({ width: 60, height: 50 }, { x: 10, y: 0, width: 40, height: 50 }, { side: 64, context: 16 });
    expect(windows).toEqual([{ x: 0, y: 0, width: 60, height: 50 }]);
  });
});
