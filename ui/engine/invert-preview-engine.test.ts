import { describe, expect, it } from 'vitest';
import { EngineError } from '../../models/engine/errors.js';
import type { EngineJob } from './engine.js';
import { InvertPreviewEngine } from './invert-preview-engine.js';

const image = {
  width: 2,
  height: 1,
  data: new Uint8ClampedArray([0, 100, 255, 40, 10, 20, 30, 255]),
};

function job(mask: Uint8Array): EngineJob {
  return {
    image,
    mask: { width: 2, height: 1, data: mask },
    task: 'remove',
    prompt: '',
    negativePrompt: '',
    fittingDegree: 1,
    steps: 1,
    guidance: 1,
    scheduler: 'ddim',
    seed: 7,
    variations: 1,
  };
}

describe('InvertPreviewEngine', () => {
  it('inverts RGB where the mask is set, keeps alpha, and leaves the rest and the input alone', async () => {
    const out = await new InvertPreviewEngine().run(job(new Uint8Array([255, 0])), {});
    expect(Array.from(out.variations[0]!.image.data)).toEqual([255, 155, 0, 40, 10, 20, 30, 255]);
    expect(Array.from(image.data)).toEqual([0, 100, 255, 40, 10, 20, 30, 255]);
    expect(out.variations[0]!.patch).toMatchObject({ x: 0, y: 0, image: { width: 1, height: 1 } });
    expect(out.variations[0]!.seed).toBe(7);
  });

  it('says it is not a model', () => {
    expect(new InvertPreviewEngine().isModel).toBe(false);
  });

  it('stops when the run was cancelled before it started', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new InvertPreviewEngine().run(job(new Uint8Array([255, 255])), { signal: controller.signal })).rejects.toBeInstanceOf(
      EngineError,
    );
  });
});
