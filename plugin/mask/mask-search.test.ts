/**
 * Looking for mask layers on big pages (issue #19): one search of the page per event, not one per source; a page
 * that is not loaded is loaded first (documentAccess "dynamic-page"); and why skipInvisibleInstanceChildren
 * stays off (plugin/README.md).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeFigma, FakeRectangleNode } from '../../test/harness/fake-figma/index.js';
import { wholeResult } from '../testing/jobs.js';
import { invertedPng, pattern } from '../testing/pixels.js';
import { awaitPostedAsync, createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

/** Three photos in a row, each under its own mask-named shape. */
function threeMaskedPhotos(): FakeRectangleNode[] {
  return [0, 1, 2].map((i) => {
    fake.addRectangle({ name: `Mask ${i}`, x: 100 * i + 10, y: 10, width: 20, height: 20, color: '#ff0000' });
    return fake.addImageLayer({ name: `Photo ${i}`, rgba: pattern(), x: 100 * i, y: 0, width: 60, height: 40 });
  });
}

describe('searching the page for mask layers', () => {
  it('searches once for a selection of three layers, and once when a run over them starts', async () => {
    // Before: each source searched the whole page (twice when it found nothing shown), and each job of the run
    // searched it again.
    const photos = threeMaskedPhotos();
    fake.resetUndoHistory();
    await fake.select(photos);
    await runCommandAsync(fake, 'remove');
    const search = vi.spyOn(fake.api.currentPage, 'findAll');

    const selection = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(selection.sources.map((source) => source.maskLayers.map((layer) => layer.name))).toEqual([['Mask 0'], ['Mask 1'], ['Mask 2']]);
    expect(search).toHaveBeenCalledTimes(1);

    search.mockClear();
    const mark = postedToUi(fake).length;
    let job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: photos.map((photo) => photo.id), task: 'remove', options: {} }, 'job');
    expect(search).toHaveBeenCalledTimes(1);
    for (const name of ['Mask 1', 'Mask 2']) {
      job = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'job');
      expect(job.masks.map((mask) => mask.name)).toEqual([name]);
    }
    await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
    expect(await awaitPostedAsync(fake, 'batch-done', mark)).toMatchObject({ count: 3, placed: 3 });
    // Each placed result is selected, and each selection change is told to the window after one search (it may
    // still be on its way); the jobs themselves search nothing.
    const selectionEvents = () => postedToUi(fake).slice(mark).filter((message) => message.type === 'selection').length;
    await expect.poll(() => search.mock.calls.length - selectionEvents()).toBe(1);
  });

  it('loads a page that is not loaded before searching it', async () => {
    // plugin-api.d.ts, ChildrenMixin: with "dynamic-page" "you must first call PageNode.loadAsync". Before: a run
    // over a layer on another page failed with the fake's "The page … is not loaded".
    const here = fake.addImageLayer({ name: 'Here', rgba: pattern(), width: 60, height: 40 });
    const elsewhere = fake.addPage('Page 2');
    const photo = fake.addImageLayer({ name: 'There', rgba: pattern(), width: 60, height: 40, parent: elsewhere });
    fake.addRectangle({ name: 'Mask', x: 10, y: 10, width: 20, height: 20, color: '#ff0000', parent: elsewhere });
    fake.resetUndoHistory();
    await fake.select([here]);
    await runCommandAsync(fake, 'remove');
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(() => elsewhere.children).toThrow('is not loaded');

    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'remove', options: {} }, 'job');
    expect(job.masks.map((mask) => mask.name)).toEqual(['Mask']);
  });
});

describe('skipInvisibleInstanceChildren stays off', () => {
  it('so a mask layer inside an instance that the first job of a run hid is still the second job’s mask', async () => {
    // With it on, Figma answers null for the hidden layer (plugin-api.d.ts, skipInvisibleInstanceChildren), and
    // the second photo would fail with "Nothing marks what to paint".
    const stamp = fake.addComponent({ name: 'Stamp', x: 0, y: 300, width: 160, height: 20 });
    fake.addRectangle({ name: 'Mask', x: 0, y: 0, width: 160, height: 20, color: '#ff0000', parent: stamp });
    const photos = [0, 1].map((i) => fake.addImageLayer({ name: `Photo ${i}`, rgba: pattern(), x: 100 * i, y: 0, width: 60, height: 40 }));
    const instance = fake.addInstance({ component: stamp, name: 'Stamp instance', x: 0, y: 10 });
    const mask = instance.children[0]!;
    fake.resetUndoHistory();
    await fake.select(photos);
    await runCommandAsync(fake, 'remove');
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');

    const mark = postedToUi(fake).length;
    const first = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: photos.map((photo) => photo.id), task: 'remove', options: {} }, 'job');
    expect(first.masks.map((shape) => shape.id)).toEqual([mask.id]);
    const second = await sendAndAwaitAsync(fake, wholeResult(first, invertedPng(first.image)), 'job');
    expect((mask as FakeRectangleNode).visible).toBe(false);
    expect(second.masks.map((shape) => shape.id)).toEqual([mask.id]);
    await sendAndAwaitAsync(fake, wholeResult(second, invertedPng(second.image)), 'result-placed');
    expect(await awaitPostedAsync(fake, 'batch-done', mark)).toMatchObject({ placed: 2, failed: [] });
    expect(fake.api.skipInvisibleInstanceChildren).toBe(false);
  });
});
