import { describe, expect, it } from 'vitest';
import { validatePluginToUiMessage, validateUiToPluginMessage } from './validate.js';

const png = new Uint8Array([137, 80, 78, 71]);

const validUiMessages = {
  ready: { type: 'ready' },
  run: { type: 'run', sourceId: '1:2', task: 'remove', options: { prompt: 'a cat', seed: 7, fittingDegree: 0.5 } },
  result: { type: 'result', jobId: 'job-1', png, width: 64, height: 32, taskLabel: 'Remove object' },
  cancel: { type: 'cancel', jobId: 'job-1' },
  notify: { type: 'notify', message: 'Done', error: false },
  close: { type: 'close' },
  resize: { type: 'resize', width: 320, height: 480 },
};

const validPluginMessages = {
  preselect: { type: 'preselect', task: 'shape' },
  preselectNone: { type: 'preselect', task: null },
  selection: { type: 'selection', source: { id: '1:2', name: 'Photo', width: 64, height: 32 } },
  selectionProblem: { type: 'selection', source: null, problem: 'Select an image layer.' },
  source: {
    type: 'source', jobId: 'job-1', sourceId: '1:2', task: 'outpaint', options: {}, image: png, width: 64, height: 32, name: 'Photo',
  },
  resultPlaced: { type: 'result-placed', jobId: 'job-1', nodeId: '1:9', name: 'Remove object · PowerPaint' },
  error: { type: 'error', message: 'The source layer was deleted.', jobId: 'job-1' },
  errorWithoutJob: { type: 'error', message: 'Something went wrong.' },
};

describe('validateUiToPluginMessage', () => {
  it.each(Object.entries(validUiMessages))('accepts a valid %s message', (_, message) => {
    expect(validateUiToPluginMessage(message)).toEqual({ ok: true, message });
  });

  it.each([
    ['not an object', 'run', 'must be an object'],
    ['null', null, 'must be an object'],
    ['an array', [], 'must be an object'],
    ['no type', { sourceId: '1:2' }, 'string `type`'],
    ['an unknown type', { type: 'explode' }, 'unknown message type "explode"'],
    ['an inherited type name', { type: 'toString' }, 'unknown message type'],
    ['a message of the other direction', { type: 'source' }, 'unknown message type "source"'],
    ['run without sourceId', { ...validUiMessages.run, sourceId: '' }, '`sourceId`'],
    ['run with an unknown task', { ...validUiMessages.run, task: 'paint' }, '`task` must be one of'],
    ['run without options', { ...validUiMessages.run, options: undefined }, '`options` must be an object'],
    ['run with a numeric prompt', { ...validUiMessages.run, options: { prompt: 3 } }, '`options.prompt`'],
    ['run with a numeric negative prompt', { ...validUiMessages.run, options: { negativePrompt: 3 } }, '`options.negativePrompt`'],
    ['run with fitting degree above 1', { ...validUiMessages.run, options: { fittingDegree: 1.5 } }, '`options.fittingDegree`'],
    ['run with a fractional seed', { ...validUiMessages.run, options: { seed: 1.5 } }, '`options.seed`'],
    ['run with a negative seed', { ...validUiMessages.run, options: { seed: -1 } }, '`options.seed`'],
    ['result without jobId', { ...validUiMessages.result, jobId: 3 }, '`jobId`'],
    ['result with png as a plain array', { ...validUiMessages.result, png: [137, 80] }, '`png` must be a non-empty Uint8Array'],
    ['result with empty png', { ...validUiMessages.result, png: new Uint8Array(0) }, '`png`'],
    ['result with png as an ArrayBuffer', { ...validUiMessages.result, png: png.buffer }, '`png`'],
    ['result with zero width', { ...validUiMessages.result, width: 0 }, '`width` and `height`'],
    ['result with NaN height', { ...validUiMessages.result, height: Number.NaN }, '`width` and `height`'],
    ['result without a task label', { ...validUiMessages.result, taskLabel: '' }, '`taskLabel`'],
    ['result with an overlong task label', { ...validUiMessages.result, taskLabel: 'x'.repeat(101) }, '`taskLabel`'],
    ['cancel without jobId', { type: 'cancel' }, '`jobId`'],
    ['notify without text', { type: 'notify', message: '' }, '`message`'],
    ['notify with a non-boolean error flag', { type: 'notify', message: 'hi', error: 'yes' }, '`error`'],
    ['resize with a string width', { type: 'resize', width: '320', height: 480 }, '`width` and `height`'],
    ['resize with infinite height', { type: 'resize', width: 320, height: Infinity }, '`width` and `height`'],
  ])('rejects %s', (_, message, reason) => {
    const validation = validateUiToPluginMessage(message);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.reason).toContain(reason);
  });
});

describe('validatePluginToUiMessage', () => {
  it.each(Object.entries(validPluginMessages))('accepts a valid %s message', (_, message) => {
    expect(validatePluginToUiMessage(message)).toEqual({ ok: true, message });
  });

  it.each([
    ['a message of the other direction', { type: 'run' }, 'unknown message type "run"'],
    ['preselect with an unknown task', { type: 'preselect', task: 'paint' }, '`task`'],
    ['preselect without a task', { type: 'preselect' }, '`task`'],
    ['selection with neither source nor problem', { type: 'selection', source: null }, '`problem`'],
    ['selection with a source that is a string', { type: 'selection', source: '1:2' }, '`source`'],
    ['selection with a source without id', { type: 'selection', source: { name: 'a', width: 1, height: 1 } }, '`id`'],
    ['selection with a source without name', { type: 'selection', source: { id: '1:2', width: 1, height: 1 } }, '`name`'],
    ['selection with a source of negative width', { type: 'selection', source: { id: '1:2', name: 'a', width: -1, height: 1 } }, '`width`'],
    ['source without sourceId', { ...validPluginMessages.source, sourceId: undefined }, '`sourceId`'],
    ['source without image bytes', { ...validPluginMessages.source, image: undefined }, '`image`'],
    ['source with an unknown task', { ...validPluginMessages.source, task: 'insert' }, '`task`'],
    ['source without options', { ...validPluginMessages.source, options: null }, '`options`'],
    ['source without name', { ...validPluginMessages.source, name: undefined }, '`name`'],
    ['result-placed without nodeId', { type: 'result-placed', jobId: 'job-1', name: 'x' }, '`nodeId`'],
    ['error without text', { type: 'error', message: '' }, '`message`'],
    ['error with an empty jobId', { type: 'error', message: 'x', jobId: '' }, '`jobId`'],
  ])('rejects %s', (_, message, reason) => {
    const validation = validatePluginToUiMessage(message);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.reason).toContain(reason);
  });

  it('accepts bytes made in another realm', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreignPng = runInNewContext('new Uint8Array([137, 80, 78, 71])') as Uint8Array;
    expect(foreignPng instanceof Uint8Array).toBe(false);
    expect(validatePluginToUiMessage({ ...validPluginMessages.source, image: foreignPng }).ok).toBe(true);
  });
});
