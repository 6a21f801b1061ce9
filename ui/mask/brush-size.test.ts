import { describe, expect, it } from 'vitest';
import { defaultBrushSize, nextBrushSize } from './brush-size.js';

describe('brush size', () => {
  it('steps by at least a pixel and stays within 1 px and half the image', () => {
    expect(nextBrushSize(2, 1, 100)).toBe(3);
    expect(nextBrushSize(40, 1, 100)).toBe(48);
    expect(nextBrushSize(48, -1, 100)).toBe(40);
    expect(nextBrushSize(1, -1, 100)).toBe(1);
    expect(nextBrushSize(50, 1, 100)).toBe(50);
    expect(defaultBrushSize(451, 300)).toBe(18);
  });
});
