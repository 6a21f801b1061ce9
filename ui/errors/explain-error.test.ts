import { describe, expect, it } from 'vitest';
import { EngineError } from '../../models/engine/errors.js';
import { explainError, explainWarning, noWebGpu } from './explain-error.js';

describe('explainError', () => {
  it('names the four problems people hit, each with a next action', () => {
    expect(explainError(new Error('GPUBuffer allocation failed: out of memory'))).toMatchObject({ kind: 'out-of-memory' });
    expect(explainError(new EngineError('corrupt-bundle', 'unet/model.onnx in x failed its sha256 check: the file is damaged.'))).toMatchObject({
      kind: 'failed-check',
      // Names the file, and points at what the panel offers after a failed load (Load, not a Clear button it no longer shows).
      action: expect.stringMatching(/^unet\/model\.onnx in x failed its sha256 check.*Load the model again from the Model panel/),
    });
    expect(explainWarning("The prompt was cut to fit the model's 77-token limit; shorten it to keep every word.")).toMatchObject({ kind: 'prompt-cut' });
    expect(noWebGpu('no adapter').title).toMatch(/No WebGPU here/);
  });

  it('tells an empty mask and a task the instant remover cannot do apart', () => {
    expect(explainError(new EngineError('empty-mask', 'empty')).action).toMatch(/Paint over/);
    expect(explainError(new EngineError('unknown-task', 'x')).kind).toBe('needs-model');
  });

  it('passes other messages through with a way forward', () => {
    const e = explainError(new Error('boom'));
    expect(e.kind).toBe('other');
    expect(e.action).toContain('boom');
  });
});
