import { describe, expect, it } from 'vitest';
import { outpaintCanvas, parseRatio, sourceRectInCanvas } from './outpaint-canvas.js';

const source = { width: 400, height: 300 };

describe('outpaint canvas geometry', () => {
  it('extends by pixels per side', () => {
    expect(outpaintCanvas(source, { kind: 'sides', left: 10, top: 0, right: 30, bottom: 5 })).toEqual({ width: 440, height: 305, offsetX: 10, offsetY: 0 });
  });

  it('takes a frame\'s bounds, which may crop the source', () => {
    expect(outpaintCanvas(source, { kind: 'frame', rect: { x: -50, y: -20, width: 600, height: 400 } })).toEqual({ width: 600, height: 400, offsetX: 50, offsetY: 20 });
    const cropping = outpaintCanvas(source, { kind: 'frame', rect: { x: 100, y: -10, width: 500, height: 200 } });
    expect(sourceRectInCanvas(source, cropping)).toEqual({ x: 0, y: 10, width: 300, height: 190 });
  });

  it.each([
    ['1:1', 400, 400, 0, 50],
    ['4:5', 400, 500, 0, 100],
    ['16:9', 533, 300, 67, 0],
    ['9:16', 400, 711, 0, 206],
    ['4:3', 400, 300, 0, 0],
  ] as const)('extends to %s around the centre', (ratio, width, height, offsetX, offsetY) => {
    const canvas = outpaintCanvas(source, { kind: 'aspect', ratio });
    expect(canvas).toEqual({ width, height, offsetX, offsetY });
    expect(Math.abs(canvas.width / canvas.height - parseRatio(ratio))).toBeLessThan(1 / canvas.height);
    expect(canvas.width).toBeGreaterThanOrEqual(source.width);
    expect(canvas.height).toBeGreaterThanOrEqual(source.height);
  });

  it('aligns the source within an aspect canvas', () => {
    expect(outpaintCanvas(source, { kind: 'aspect', ratio: 2, align: { x: 0, y: 0.5 } })).toEqual({ width: 600, height: 300, offsetX: 0, offsetY: 0 });
    expect(outpaintCanvas(source, { kind: 'aspect', ratio: '2/1', align: { x: 1, y: 0.5 } }).offsetX).toBe(200);
  });

  it('rejects what is not a size', () => {
    expect(() => parseRatio('wide')).toThrow(RangeError);
    expect(() => parseRatio('0:1')).toThrow(RangeError);
    expect(() => outpaintCanvas(source, { kind: 'sides', left: -1, top: 0, right: 0, bottom: 0 })).toThrow(RangeError);
    expect(() => outpaintCanvas(source, { kind: 'frame', rect: { x: 0, y: 0, width: 0, height: 10 } })).toThrow(RangeError);
  });
});
