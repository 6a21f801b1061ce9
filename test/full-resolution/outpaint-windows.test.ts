import { describe, expect, it } from 'vitest';
import { outpaintFullResolution } from '../../models/full-resolution/index.js';
import { gradientImage } from '../engine/fixtures-pixels.js';
import { FakeEngine } from './fake-engines.js';

describe('multi-window outpainting (fake engine paints masked pixels magenta)', () => {
  it('fills the whole new area in overlapping windows working outward, each with known context', async () => {
    const source = gradientImage(100, 80);
    const engine = new FakeEngine((rgb, masked) => (masked ? [255, 0, 255] : rgb));
    const result = await outpaintFullResolution(engine, { image: source, target: { kind: 'sides', left: 70, top: 40, right: 130, bottom: 60 }, seed: 1 }, { overlap: 6, colorMatch: false });
    const { canvas } = result;
    expect([canvas.width, canvas.height]).toEqual([300, 180]);
    expect(engine.calls.length).toBeGreaterThan(8);
    // Every window the engine ran had known pixels to condition on, and something to paint.
    for (const call of engine.calls) {
      expect(call.maskedPixels).toBeGreaterThan(0);
      expect(call.maskedPixels).toBeLessThan(call.width * call.height);
      expect(call.seed).toBe(1);
    }
    const out = result.variations[0]!.image;
    let unpainted = 0;
    let sourceChanged = 0;
    for (let y = 0; y < 180; y++) {
      for (let x = 0; x < 300; x++) {
        const i = (y * 300 + x) * 4;
        const sx = x - 70;
        const sy = y - 40;
        const inSource = sx >= 0 && sy >= 0 && sx < 100 && sy < 80;
        if (!inSource) {
          if (out.data[i] !== 255 || out.data[i + 1] !== 0 || out.data[i + 2] !== 255 || out.data[i + 3] !== 255) unpainted++;
        } else if (sx >= 6 && sy >= 6 && sx < 94 && sy < 74) {
          for (let c = 0; c < 4; c++) if (out.data[i + c] !== source.data[(sy * 100 + sx) * 4 + c]) sourceChanged++;
        }
      }
    }
    expect(unpainted).toBe(0);
    expect(sourceChanged).toBe(0);
    // Windows overlap their predecessors: together they hold more pixels than the canvas.
    const area = result.windows.reduce((sum, w) => sum + w.width * w.height, 0);
    expect(area).toBeGreaterThan(300 * 180 - 100 * 80);
  });

  it('runs each variation as its own sequence with seed + i', async () => {
    const engine = new FakeEngine((rgb, masked) => (masked ? [0, 0, 0] : rgb));
    const result = await outpaintFullResolution(engine, { image: gradientImage(40, 40), target: { kind: 'aspect', ratio: '16:9' }, seed: 10, variations: 2 });
    expect(result.variations.map((v) => v.seed)).toEqual([10, 11]);
    expect(new Set(engine.calls.map((c) => c.seed))).toEqual(new Set([10, 11]));
  });
});
