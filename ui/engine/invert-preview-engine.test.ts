import { describe, expect, it } from 'vitest';
import { EngineError } from '../../models/engine/errors.js';
import { InvertPreviewEngine } from './invert-preview-engine.js';

const image = {
  width: 2,
  height: 1,
  data: new Uint8ClampedArray([0, 100, 255, 40, 10, 20, 30, 255]),
};

describe('InvertPreviewEngine', () => {
  it('inverts RGB where the mask is set, keeps alpha, and leaves the rest and the input alone', async () => {
    const mask = { width: 2, height: 1, data: new Uint8Array([255, 0]) };
    const out = await new InvertPreviewEngine().run(image, mask, 'remove', {}, {});
    expect(Array.from(out.data)).toEqual([255, 155, 0, 40, 10, 20, 30, 255]);
    expect(Array.from(image.data)).toEqual([0, 100, 255, 40, 10, 20, 30, 255]);
    expect([out.width, out.height]).toEqual([2, 1]);
  });

  it('says it is not a model', () => {
    expect(new InvertPreviewEngine().isModel).toBe(false);
  });

  it('stops when the run was cancelled before it started', async () => {
    const controller = new AbortController();
    controller.abort();
    const mask = { width: 2, height: 1, data: new Uint8Array([255, 255]) };
    await expect(
      new InvertPreviewEngine().run(image, mask, 'remove', {}, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(EngineError);
  });
});
