import { describe, expect, it } from 'vitest';
import { validatePluginToUiMessage, validateUiToPluginMessage } from './validate.js';

const png = new Uint8Array([137, 80, 78, 71]);
const settings = {
  schemaVersion: 2,
  task: 'remove',
  options: { remove: { seed: 3 }, outpaint: { aspectRatio: 1.5 } },
  output: 'layer',
  seedMode: 'lock',
  model: { from: 'url', url: 'https://example.com/powerpaint-v1/' },
};
const pixels = {
  sourceId: '1:2',
  name: 'Photo',
  kind: 'image',
  task: 'outpaint',
  canvas: { width: 80, height: 40 },
  image: png,
  imageWidth: 64,
  imageHeight: 32,
  imageTransform: [
    [1, 0, 8],
    [0, 1, 4],
  ],
  masks: [{ id: '1:5', name: 'Mask', paths: [{ windingRule: 'NONZERO', data: 'M 0 0 L 10 0 L 10 10 Z' }] }],
  maskRule: 'named',
  outpaintRegion: [{ windingRule: 'EVENODD', data: 'M 0 0 L 80 0 L 80 40 L 0 40 Z M 8 4 L 72 4 L 72 36 L 8 36 Z' }],
  notices: [],
};

const validUiMessages = {
  ready: { type: 'ready' },
  loadSource: { type: 'load-source', requestId: 'r1', sourceId: '1:2', task: 'outpaint', options: { aspectRatio: 16 / 9 } },
  run: { type: 'run', sourceIds: ['1:2'], task: 'remove', options: { prompt: 'a cat', seed: 7, fittingDegree: 0.5, steps: 30, guidance: 7.5, variations: 4 } },
  runBatch: { type: 'run', sourceIds: ['1:2', '1:3'], task: 'outpaint', options: {} },
  runBatchOnServer: { type: 'run', sourceIds: ['1:2', '1:3'], task: 'remove', options: {}, jobsAtOnce: 4 },
  runPixelsPerSide: { type: 'run', sourceIds: ['1:2'], task: 'outpaint', options: { outpaintSides: 4096 } },
  runWithMask: { type: 'run', sourceIds: ['1:2'], task: 'object', options: {}, mask: { png, width: 64, height: 32 } },
  runAsPatches: { type: 'run', sourceIds: ['1:2'], task: 'remove', options: {}, output: 'patch' },
  result: { type: 'result', jobId: 'job-1', images: [{ png, x: 0, y: 0, width: 64, height: 32, seed: 1234, variation: 0 }] },
  resultPatches: {
    type: 'result',
    jobId: 'job-1',
    images: [
      { png, x: 8, y: 4, width: 16, height: 8, variation: 0 },
      { png, x: 8, y: 4, width: 16, height: 8, seed: 9, variation: 1 },
    ],
    options: { seed: 9, steps: 45 },
  },
  resultPart: { type: 'result', jobId: 'job-1', images: [{ png, x: 8, y: 4, width: 16, height: 8, seed: 9, variation: 1 }], parts: 2 },
  jobFailed: { type: 'job-failed', jobId: 'job-1', message: 'The engine ran out of memory.' },
  cancel: { type: 'cancel', jobId: 'job-1' },
  saveSettings: { type: 'save-settings', settings },
  notify: { type: 'notify', message: 'Done', error: false },
  close: { type: 'close' },
  resize: { type: 'resize', width: 320, height: 480 },
};

const validPluginMessages = {
  preselect: { type: 'preselect', task: 'shape' },
  preselectNone: { type: 'preselect', task: null },
  preselectQuickAction: { type: 'preselect', task: 'outpaint', options: { aspectRatio: 2 }, autoRun: true },
  settings: { type: 'settings', settings },
  selection: {
    type: 'selection',
    sources: [
      {
        id: '1:2', name: 'Photo', kind: 'image', width: 64, height: 32,
        maskLayers: [{ id: '1:5', name: 'Mask' }], maskRule: 'named', usedUpMaskLayers: [],
        outpaint: { target: 'frame', name: 'Card', width: 80, height: 40 },
      },
      { id: '1:3', name: 'Card', kind: 'frame', width: 10, height: 10, maskLayers: [], maskRule: null, usedUpMaskLayers: [], outpaint: null },
      { id: '1:6', name: 'Wide', kind: 'image', width: 10, height: 10, maskLayers: [], maskRule: null, usedUpMaskLayers: [], outpaint: { target: 'sides', width: 30, height: 30 } },
    ],
    skipped: [{ id: '1:4', name: 'Title', reason: '“Title” has no image fill. Select an image layer.' }],
    problem: null,
  },
  selectionProblem: { type: 'selection', sources: [], skipped: [], problem: 'Select an image layer.' },
  source: { type: 'source', requestId: 'r1', ...pixels },
  job: { type: 'job', jobId: 'job-1', options: {}, index: 3, count: 12, paintedMask: null, output: 'patch', ...pixels, maskRule: null, outpaintRegion: null },
  resultPlaced: { type: 'result-placed', jobId: 'job-1', layers: [{ id: '1:9', name: 'Remove · seed 1234' }], notices: [] },
  batchDone: { type: 'batch-done', count: 3, placed: 2, failed: [{ sourceName: 'Photo', message: 'It was deleted.' }], cancelled: false },
  error: { type: 'error', message: 'The source layer was deleted.', jobId: 'job-1' },
  errorWithoutJob: { type: 'error', message: 'Something went wrong.' },
};

describe('validateUiToPluginMessage', () => {
  it.each(Object.entries(validUiMessages))('accepts a valid %s message', (_, message) => {
    expect(validateUiToPluginMessage(message)).toEqual({ ok: true, message });
  });

  const image = validUiMessages.result.images[0]!;
  it.each([
    ['not an object', 'run', 'must be an object'],
    ['null', null, 'must be an object'],
    ['an array', [], 'must be an object'],
    ['no type', { sourceId: '1:2' }, 'string `type`'],
    ['an unknown type', { type: 'explode' }, 'unknown message type "explode"'],
    ['an inherited type name', { type: 'toString' }, 'unknown message type'],
    ['a message of the other direction', { type: 'job' }, 'unknown message type "job"'],
    ['run without sources', { ...validUiMessages.run, sourceIds: [] }, '`sourceIds`'],
    ['run with an empty source id', { ...validUiMessages.run, sourceIds: [''] }, '`sourceIds`'],
    ['run with a painted mask for two sources', { ...validUiMessages.runWithMask, sourceIds: ['1:2', '1:3'] }, 'exactly one source'],
    ['run with a painted mask over 4096 px', { ...validUiMessages.runWithMask, mask: { png, width: 5000, height: 10 } }, 'at most 4096'],
    ['run with an unknown task', { ...validUiMessages.run, task: 'paint' }, '`task` must be one of'],
    ['run without options', { ...validUiMessages.run, options: undefined }, '`options` must be an object'],
    ['run with a numeric prompt', { ...validUiMessages.run, options: { prompt: 3 } }, '`options.prompt`'],
    ['run with a numeric negative prompt', { ...validUiMessages.run, options: { negativePrompt: 3 } }, '`options.negativePrompt`'],
    ['run with fitting degree above 1', { ...validUiMessages.run, options: { fittingDegree: 1.5 } }, '`options.fittingDegree`'],
    ['run with a fractional seed', { ...validUiMessages.run, options: { seed: 1.5 } }, '`options.seed`'],
    ['run with a negative seed', { ...validUiMessages.run, options: { seed: -1 } }, '`options.seed`'],
    ['run with 20 variations', { ...validUiMessages.run, options: { variations: 20 } }, '`options.variations`'],
    ['run with no pixels per side', { ...validUiMessages.run, options: { outpaintSides: 0 } }, '`options.outpaintSides` must be an integer from 1 to 4096'],
    ['run with 4097 pixels per side', { ...validUiMessages.run, options: { outpaintSides: 4097 } }, '`options.outpaintSides`'],
    ['run with half a pixel per side', { ...validUiMessages.run, options: { outpaintSides: 2.5 } }, '`options.outpaintSides`'],
    ['run with pixels per side as text', { ...validUiMessages.run, options: { outpaintSides: '64' } }, '`options.outpaintSides`'],
    ['run with pixels per side and a ratio', { ...validUiMessages.run, options: { outpaintSides: 64, aspectRatio: 2 } }, 'not both'],
    ['run with no jobs at once', { ...validUiMessages.run, jobsAtOnce: 0 }, '`jobsAtOnce` must be a whole number from 1 to 16'],
    ['run with 17 jobs at once', { ...validUiMessages.run, jobsAtOnce: 17 }, '`jobsAtOnce`'],
    ['run with 2.5 jobs at once', { ...validUiMessages.run, jobsAtOnce: 2.5 }, '`jobsAtOnce`'],
    ['load-source without a task', { type: 'load-source', requestId: 'r1', sourceId: '1:2' }, '`task`'],
    ['load-source without a request id', { type: 'load-source', sourceId: '1:2', task: 'remove' }, '`requestId`'],
    ['result without jobId', { ...validUiMessages.result, jobId: 3 }, '`jobId`'],
    ['result without images', { ...validUiMessages.result, images: [] }, '`images`'],
    ['result part with two images', { ...validUiMessages.resultPatches, parts: 2 }, '`images` must be a list of 1 to 1 entries'],
    ['result with 9 parts', { ...validUiMessages.resultPart, parts: 9 }, '`parts`'],
    ['result with png as a plain array', { ...validUiMessages.result, images: [{ ...image, png: [137, 80] }] }, '`png` must be a non-empty Uint8Array'],
    ['result with empty png', { ...validUiMessages.result, images: [{ ...image, png: new Uint8Array(0) }] }, '`png`'],
    ['result with png as an ArrayBuffer', { ...validUiMessages.result, images: [{ ...image, png: png.buffer }] }, '`png`'],
    ['result with zero width', { ...validUiMessages.result, images: [{ ...image, width: 0 }] }, '`width`'],
    ['result with a fractional x', { ...validUiMessages.result, images: [{ ...image, x: 0.5 }] }, '`x`'],
    ['result wider than 4096 px', { ...validUiMessages.result, images: [{ ...image, width: 4097 }] }, 'at most 4096'],
    ['result without a variation index', { ...validUiMessages.result, images: [{ ...image, variation: undefined }] }, '`variation`'],
    ['job-failed without text', { type: 'job-failed', jobId: 'job-1', message: '' }, '`message`'],
    ['cancel without jobId', { type: 'cancel' }, '`jobId`'],
    ['settings of another schema version', { type: 'save-settings', settings: { ...settings, schemaVersion: 0 } }, '`schemaVersion`'],
    ['settings for an unknown task', { type: 'save-settings', settings: { ...settings, options: { paint: {} } } }, 'unknown task'],
    ['run with an unknown output', { ...validUiMessages.run, output: 'file' }, '`output` must be one of layer, patch'],
    ['settings with a bad output', { type: 'save-settings', settings: { ...settings, output: 'file' } }, '`output`'],
    ['settings without a seed choice', { type: 'save-settings', settings: { ...settings, seedMode: undefined } }, '`seedMode`'],
    ['settings without a model source', { type: 'save-settings', settings: { ...settings, model: undefined } }, '`model` must be an object'],
    ['settings with an unknown model source', { type: 'save-settings', settings: { ...settings, model: { from: 'disk' } } }, '`model`: `from`'],
    ['settings with a numeric model URL', { type: 'save-settings', settings: { ...settings, model: { from: 'url', url: 3 } } }, '`url`'],
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

  const summary = validPluginMessages.selection.sources[0]!;
  it.each([
    ['a message of the other direction', { type: 'run' }, 'unknown message type "run"'],
    ['preselect with an unknown task', { type: 'preselect', task: 'paint' }, '`task`'],
    ['preselect without a task', { type: 'preselect' }, '`task`'],
    ['selection with neither sources nor problem', { type: 'selection', sources: [], skipped: [], problem: null }, '`problem`'],
    ['selection with a source that is a string', { type: 'selection', sources: ['1:2'], skipped: [], problem: null }, '`sources[0]`'],
    ['selection with a source without id', { ...validPluginMessages.selection, sources: [{ ...summary, id: undefined }] }, '`id`'],
    ['selection with a source of negative width', { ...validPluginMessages.selection, sources: [{ ...summary, width: -1 }] }, '`width`'],
    ['selection with an unknown mask rule', { ...validPluginMessages.selection, sources: [{ ...summary, maskRule: 'magic' }] }, '`maskRule`'],
    ['source without sourceId', { ...validPluginMessages.source, sourceId: undefined }, '`sourceId`'],
    ['source without image bytes', { ...validPluginMessages.source, image: undefined }, '`image`'],
    ['source with an unknown task', { ...validPluginMessages.source, task: 'insert' }, '`task`'],
    ['source with a canvas over 4096 px', { ...validPluginMessages.source, canvas: { width: 5000, height: 10 } }, 'at most 4096'],
    ['source with a bad image transform', { ...validPluginMessages.source, imageTransform: [[1, 0, 0]] }, '`imageTransform`'],
    ['source with a mask path of an unknown winding rule', { ...validPluginMessages.source, masks: [{ id: '1', name: 'm', paths: [{ windingRule: 'ODD', data: '' }] }] }, '`windingRule`'],
    ['job without options', { ...validPluginMessages.job, options: null }, '`options`'],
    ['job without an output', { ...validPluginMessages.job, output: undefined }, '`output`'],
    ['job 13 of 12', { ...validPluginMessages.job, index: 13 }, '`index`'],
    ['job without a name', { ...validPluginMessages.job, name: undefined }, '`name`'],
    ['result-placed without layers', { type: 'result-placed', jobId: 'job-1', layers: [], notices: [] }, '`layers`'],
    ['batch-done without counts', { type: 'batch-done', failed: [], cancelled: false }, '`count`'],
    ['settings without a schema version', { type: 'settings', settings: { ...settings, schemaVersion: undefined } }, '`schemaVersion`'],
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
