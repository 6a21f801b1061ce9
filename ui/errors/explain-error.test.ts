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

  it('says the inference server did not run it, with the server\'s message as what to do', () => {
    const message = 'The inference server at gpu.example.com could not be reached (ECONNREFUSED). Check that the server is running and its URL, or turn the inference server off to run on this device.';
    expect(explainError(new EngineError('server', message), 'run')).toEqual({ kind: 'network', title: 'The inference server did not run the model.', action: message });
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

describe('explainError while loading a model', () => {
  it('speaks of the load, not of a run, and calls a Hub refusal a Hub refusal', () => {
    const badId = new EngineError('bad-input', '"a/b/c" is not a Hugging Face model id: write owner/name.');
    // Before: "The run failed." for a model that never got to run.
    expect(explainError(badId, 'load')).toMatchObject({ title: 'The model could not be loaded.', action: badId.message });
    expect(explainError(badId).title).toBe('The run failed.');
    const noRevision = new EngineError('missing-file', 'acme/inpaint has no revision "v7" on the Hub (a branch, tag or commit): check it.');
    // Before: "The model bundle is incomplete."
    expect(explainError(noRevision, 'load')).toMatchObject({ kind: 'network', title: 'The Hugging Face repo could not be loaded.' });
  });
});
