/** Last settings in clientStorage, quick actions that run with them, and "Run again" from a result layer. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, type FakeFigma } from '../../test/harness/fake-figma/index.js';
import { aspectRatioProblem, parseAspectRatio } from '../commands.js';
import { coordinateImage, invertedPng } from '../testing/pixels.js';
import { awaitPostedAsync, createInstalledFakeFigma, postedToUi, runCommandAsync, runQuickActionAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';
import { RESULT_DATA_KEY } from '../write-back/result-data.js';
import { SETTINGS_KEY } from './settings-store.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const IMAGE = coordinateImage(16, 12);
const SETTINGS = {
  schemaVersion: 2,
  task: 'outpaint',
  options: { outpaint: { seed: 42, steps: 20 } },
  output: 'patch',
  seedMode: 'lock',
  model: { from: 'url', url: 'https://example.com/powerpaint-v1/' },
} as const;
const DEFAULT_SETTINGS = { schemaVersion: 2, task: 'remove', options: {}, output: 'layer', seedMode: 'new', model: { from: 'catalog' } };

describe('settings', () => {
  it('are stored with a schema version, the seed choice and the model source, and sent to the window when it opens', async () => {
    await runCommandAsync(fake, 'open');
    fake.sendFromUi({ type: 'save-settings', settings: SETTINGS });
    await expect.poll(() => fake.api.clientStorage.getAsync(SETTINGS_KEY)).toEqual(SETTINGS);

    await runCommandAsync(fake, 'open');
    expect(await sendAndAwaitAsync(fake, { type: 'ready' }, 'settings')).toEqual({ type: 'settings', settings: SETTINGS });
  });

  it('of an older schema become defaults, keeping the task', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, { task: 'shape', prompt: 'a cat' });
    await runCommandAsync(fake, 'open');
    const { settings } = await sendAndAwaitAsync(fake, { type: 'ready' }, 'settings');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, task: 'shape' });
  });

  it('of version 1 keep their task, options and output, with a new seed each run and the catalog', async () => {
    const v1 = { schemaVersion: 1, task: 'object', options: { object: { prompt: 'a hat', seed: 9, steps: 30 }, outpaint: { aspectRatio: 2 } }, output: 'patch' };
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, v1);
    await runCommandAsync(fake, 'open');
    const { settings } = await sendAndAwaitAsync(fake, { type: 'ready' }, 'settings');
    expect(settings).toEqual({ ...v1, schemaVersion: 2, seedMode: 'new', model: { from: 'catalog' } });
  });

  it('of version 1 with unreadable options keep only the task', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, { schemaVersion: 1, task: 'object', options: { object: { steps: -3 } }, output: 'layer' });
    await runCommandAsync(fake, 'open');
    const { settings } = await sendAndAwaitAsync(fake, { type: 'ready' }, 'settings');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, task: 'object' });
  });

  it('remember the task and options of the last run', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    fake.addRectangle({ name: 'Mask', x: 2, y: 2, width: 5, height: 5, color: '#ff0000' });
    await fake.select([photo]);
    await runCommandAsync(fake, 'insert');
    await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'object', options: { prompt: 'a hat', seed: 9 } }, 'job');
    expect(await fake.api.clientStorage.getAsync(SETTINGS_KEY)).toEqual({
      ...DEFAULT_SETTINGS, task: 'object', options: { object: { prompt: 'a hat', seed: 9 } },
    });
  });

  it('keep pixels per side for outpaint, and keep the seed choice and model source when a run is remembered', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, SETTINGS);
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    await fake.select([photo]);
    await runCommandAsync(fake, 'outpaint');
    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'outpaint', options: { outpaintSides: 4, seed: 42 } }, 'job');
    expect(job.canvas).toEqual({ width: 24, height: 20 });
    expect(await fake.api.clientStorage.getAsync(SETTINGS_KEY)).toEqual({ ...SETTINGS, options: { outpaint: { outpaintSides: 4, seed: 42 } } });
  });
});

describe('quick actions', () => {
  it.each([
    ['16:9', 16 / 9], ['4/3', 4 / 3], ['2x1', 2], ['1.5', 1.5], ['Frame', undefined], ['', undefined], ['wide', null], ['0:1', null],
  ])('read the aspect ratio "%s"', (text, ratio) => {
    expect(parseAspectRatio(text)).toBe(ratio);
  });

  it('say what the limit is for a ratio beyond 20:1, instead of calling it no ratio', () => {
    expect(parseAspectRatio('100:1')).toBeNull();
    expect(aspectRatioProblem('100:1')).toBe('“100:1” is wider than PowerPaint extends to: use a ratio from 1:20 to 20:1.');
    expect(aspectRatioProblem('1:30')).toBe('“1:30” is taller than PowerPaint extends to: use a ratio from 1:20 to 20:1.');
    expect(aspectRatioProblem('wide')).toBe('“wide” is not an aspect ratio. Use width:height, e.g. 16:9.');
    expect(parseAspectRatio('20:1')).toBe(20);
  });

  it('"Outpaint to frame" with a ratio runs at once with the last settings', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, SETTINGS);
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, width: 64, height: 48 });
    await fake.select([photo]);
    await runQuickActionAsync(fake, 'outpaint', { ratio: '2:1' });
    fake.sendFromUi({ type: 'ready' });
    const job = await awaitPostedAsync(fake, 'job');

    expect(postedToUi(fake)[0]).toEqual({ type: 'preselect', task: 'outpaint', options: { aspectRatio: 2 }, autoRun: true });
    expect(job).toMatchObject({ task: 'outpaint', options: { seed: 42, steps: 20, aspectRatio: 2 }, canvas: { width: 24, height: 12 } });
  });

  it('with a ratio replaces stored pixels per side', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, { ...SETTINGS, options: { outpaint: { seed: 42, outpaintSides: 8 } } });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, width: 64, height: 48 });
    await fake.select([photo]);
    await runQuickActionAsync(fake, 'outpaint', { ratio: '2:1' });
    fake.sendFromUi({ type: 'ready' });
    const job = await awaitPostedAsync(fake, 'job');
    expect(job.options).toEqual({ seed: 42, aspectRatio: 2 });
    expect(job.canvas).toEqual({ width: 24, height: 12 });
  });

  it('suggest ratios while one is typed, flag what can never be a ratio, and run with the chosen one', async () => {
    await fake.api.clientStorage.setAsync(SETTINGS_KEY, SETTINGS);
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, width: 64, height: 48 });
    await fake.select([photo]);
    // Figma runs the plugin's code while the person fills in the parameters; 'run' comes after.
    vi.resetModules();
    fake.startRun('outpaint');
    await import('../main.js');

    // The ratio has no allowFreeform (setError needs that): what was typed, when it is a ratio, comes first.
    expect(await fake.typeParameter('ratio', '16')).toMatchObject({ suggestions: ['16', '16:9'], error: undefined });
    expect((await fake.typeParameter('ratio', '')).suggestions).toEqual(['Frame', '1:1', '4:3', '3:2', '16:9', '2:1', '3:4', '2:3', '9:16']);
    expect((await fake.typeParameter('ratio', 'fr')).suggestions).toEqual(['Frame']);
    expect(await fake.typeParameter('ratio', '4:')).toMatchObject({ suggestions: ['4:3'], error: undefined });
    expect(await fake.typeParameter('ratio', '4:5')).toMatchObject({ suggestions: ['4:5'], error: undefined });
    expect(await fake.typeParameter('ratio', '16:9')).toMatchObject({ suggestions: ['16:9'], error: undefined });
    expect(await fake.typeParameter('ratio', 'wide')).toMatchObject({ error: '“wide” is not an aspect ratio. Use width:height, e.g. 16:9.' });
    expect((await fake.typeParameter('prompt', 'a hat')).suggestions).toEqual([]);
    expect(fake.uiMessages).toEqual([]); // nothing ran yet

    fake.emitRun({ ratio: '4:5' });
    await settle();
    fake.sendFromUi({ type: 'ready' });
    const job = await awaitPostedAsync(fake, 'job');
    expect(postedToUi(fake)[0]).toEqual({ type: 'preselect', task: 'outpaint', options: { aspectRatio: 0.8 }, autoRun: true });
    expect(job).toMatchObject({ task: 'outpaint', options: { seed: 42, steps: 20, aspectRatio: 0.8 }, canvas: { width: 16, height: 20 } });
  });

  it('with an unreadable ratio says so and changes nothing', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    await fake.select([photo]);
    const before = fake.snapshot();
    await runQuickActionAsync(fake, 'outpaint', { ratio: 'wide' });
    expect(fake.notifications.map((n) => n.message)).toEqual(['“wide” is not an aspect ratio. Use width:height, e.g. 16:9.']);
    expect(fake.pluginClosed).toBe(true);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('"Run again" on a result layer', () => {
  it('opens with the stored task and options, its source selected', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    fake.addRectangle({ name: 'Mask', x: 2, y: 2, width: 5, height: 5, color: '#ff0000' });
    await fake.select([photo]);
    await runCommandAsync(fake, 'shape');
    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'shape', options: { prompt: 'a star', fittingDegree: 0.7 } }, 'job');
    const placed = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, images: [{ png: invertedPng(job.image), x: 0, y: 0, width: 16, height: 12, seed: 31, variation: 0 }] },
      'result-placed',
    );
    const layer = fake.node(placed.layers[0]!.id);
    expect(JSON.parse(layer.getPluginData(RESULT_DATA_KEY)).options).toEqual({ prompt: 'a star', fittingDegree: 0.7, seed: 31 });

    await fake.select([layer]);
    await runCommandAsync(fake, 'rerun');
    const mark = postedToUi(fake).length;
    fake.sendFromUi({ type: 'ready' });
    const selection = await awaitPostedAsync(fake, 'selection', mark);
    expect(postedToUi(fake)[mark]).toEqual({ type: 'preselect', task: 'shape', options: { prompt: 'a star', fittingDegree: 0.7, seed: 31 } });
    expect(selection.sources.map((source) => source.id)).toEqual([photo.id]);
  });
});
