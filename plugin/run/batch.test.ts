/** Several sources: one job each, in order, "n of N", results next to their sources, failures don't stop the rest. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma } from '../../test/harness/fake-figma/index.js';
import type { JobMessage } from '../protocol/messages.js';
import { coordinateImage, invertedPng } from '../testing/pixels.js';
import { awaitPostedAsync, createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const IMAGE = coordinateImage(16, 12);

function resultFor(job: JobMessage) {
  return { type: 'result' as const, jobId: job.jobId, images: [{ png: invertedPng(job.image), x: 0, y: 0, width: job.canvas.width, height: job.canvas.height, seed: job.index, variation: 0 }] };
}

describe('a batch', () => {
  it('runs one job per source in order, places each result above its source, goes on after failures, sums up', async () => {
    const photos = [0, 1, 2, 3].map((i) => fake.addImageLayer({ name: `Photo ${i + 1}`, rgba: IMAGE, x: i * 100, y: 0, width: 64, height: 48 }));
    const title = fake.addRectangle({ name: 'Title', x: 0, y: 200, width: 50, height: 10, color: '#000000' });
    fake.addRectangle({ name: 'Mask', x: 0, y: 10, width: 400, height: 20, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select(photos);
    await runCommandAsync(fake, 'remove');
    const selection = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(selection.sources.map((source) => source.name)).toEqual(['Photo 1', 'Photo 2', 'Photo 3', 'Photo 4']);
    expect(selection.sources.every((source) => source.maskRule === 'named')).toBe(true);

    const sourceIds = [photos[0]!.id, title.id, photos[1]!.id, photos[2]!.id, photos[3]!.id];
    let job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds, task: 'remove', options: {} }, 'job');
    expect([job.name, job.index, job.count]).toEqual(['Photo 1', 1, 5]);
    const mark = postedToUi(fake).length;
    job = await sendAndAwaitAsync(fake, resultFor(job), 'job');
    // "Title" is no source: recorded, and the run goes on.
    expect(postedToUi(fake).slice(mark).find((message) => message.type === 'error')).toEqual({
      type: 'error',
      message: 'Title: “Title” has no image fill. Select an image layer.',
    });
    expect([job.name, job.index, job.count]).toEqual(['Photo 2', 3, 5]);
    // The window fails one job (the engine broke): the run goes on.
    job = await sendAndAwaitAsync(fake, { type: 'job-failed', jobId: job.jobId, message: 'The engine ran out of memory.' }, 'job');
    expect([job.name, job.index]).toEqual(['Photo 3', 4]);
    // The next source is deleted while its job runs.
    const photo3 = photos[2]!;
    photo3.remove();
    job = await sendAndAwaitAsync(fake, resultFor(job), 'job');
    expect([job.name, job.index]).toEqual(['Photo 4', 5]);
    const last = postedToUi(fake).length;
    await sendAndAwaitAsync(fake, resultFor(job), 'result-placed');
    const done = await awaitPostedAsync(fake, 'batch-done', last);

    expect(done).toEqual({
      type: 'batch-done',
      count: 5,
      placed: 2,
      failed: [
        { sourceName: 'Title', message: '“Title” has no image fill. Select an image layer.' },
        { sourceName: 'Photo 2', message: 'The engine ran out of memory.' },
        { sourceName: 'Photo 3', message: '“Photo 3” was deleted. Select an image layer.' },
      ],
      cancelled: false,
    });
    // The window shows that summary; no toast repeats it.
    expect(fake.notifications).toEqual([]);
    const nodes = fake.snapshot().nodes;
    const placed = nodes.filter((node) => node.name.startsWith('Remove'));
    expect(placed.map((node) => node.name)).toEqual(['Remove · seed 1', 'Remove · seed 5']);
    for (const [layer, source] of [[placed[0], photos[0]], [placed[1], photos[3]]] as const) {
      const sourceNode = nodes.find((node) => node.id === source?.id);
      expect(layer?.index).toBe((sourceNode?.index ?? NaN) + 1);
      expect(layer?.absoluteTransform).toEqual(sourceNode?.absoluteTransform);
    }
    await expect.poll(() => fake.snapshot().selection).toEqual(placed.map((node) => node.id));
  });

  it('with jobsAtOnce (a model on an inference server): that many jobs out at once, results in any order, one Cancel stops them all', async () => {
    const photos = [0, 1, 2, 3, 4].map((i) => fake.addImageLayer({ name: `Photo ${i + 1}`, rgba: IMAGE, x: i * 100, y: 0, width: 64, height: 48 }));
    fake.addRectangle({ name: 'Mask', x: 0, y: 10, width: 500, height: 20, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select(photos);
    await runCommandAsync(fake, 'remove');
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    const jobsFrom = (mark: number) => postedToUi(fake).slice(mark).filter((m): m is JobMessage => m.type === 'job');
    const sourceIds = photos.map((photo) => photo.id);
    let mark = postedToUi(fake).length;
    await sendAndAwaitAsync(fake, { type: 'run', sourceIds, task: 'remove', options: {}, jobsAtOnce: 3 }, 'job');
    await expect.poll(() => jobsFrom(mark).length).toBe(3);
    const first = jobsFrom(mark);
    expect(first.map((job) => [job.name, job.index, job.count])).toEqual([['Photo 1', 1, 5], ['Photo 2', 2, 5], ['Photo 3', 3, 5]]);
    // The third answers first: it is placed over its own source, and one more job goes out (never a fourth at once).
    mark = postedToUi(fake).length;
    await sendAndAwaitAsync(fake, resultFor(first[2]!), 'job');
    expect(jobsFrom(mark).map((job) => job.name)).toEqual(['Photo 4']);
    const placed = fake.snapshot().nodes.filter((node) => node.name.startsWith('Remove'));
    expect(placed.map((node) => [node.name, node.x])).toEqual([['Remove · seed 3', 200]]);
    // Two answers at once free two places: exactly one job is left to start.
    mark = postedToUi(fake).length;
    fake.sendFromUi(resultFor(first[0]!));
    fake.sendFromUi({ type: 'job-failed', jobId: first[1]!.jobId, message: 'The server said 503.' });
    await expect.poll(() => jobsFrom(mark).map((job) => job.name)).toEqual(['Photo 5']);
    const fourth = jobsFrom(mark - 1).find((job) => job.name === 'Photo 5')!;
    // Cancel one: the run stops, the others' late results are dropped, what was placed stays (one undo step).
    mark = postedToUi(fake).length;
    fake.sendFromUi({ type: 'cancel', jobId: fourth.jobId });
    const done = await awaitPostedAsync(fake, 'batch-done', mark);
    expect(done).toMatchObject({ count: 5, placed: 2, cancelled: true, failed: [{ sourceName: 'Photo 2', message: 'The server said 503.' }] });
    const late = jobsFrom(0).find((job) => job.name === 'Photo 4')!;
    fake.sendFromUi(resultFor(late));
    // The window's next message is answered after that result was handled (dropped at once).
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(fake.snapshot().nodes.filter((node) => node.name.startsWith('Remove')).map((node) => node.name).sort()).toEqual(['Remove · seed 1', 'Remove · seed 3']);
    expect(jobsFrom(mark)).toEqual([]);
  });

  it('is one undo step: one undo takes back every layer it placed and every mask it hid, exactly', async () => {
    const photos = [0, 1, 2, 3].map((i) => fake.addImageLayer({ name: `Photo ${i + 1}`, rgba: IMAGE, x: i * 100, y: 0, width: 64, height: 48 }));
    const mask = fake.addRectangle({ name: 'Mask', x: 0, y: 10, width: 400, height: 20, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select(photos);
    const before = fake.snapshot();
    await runCommandAsync(fake, 'remove');
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');

    let job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: photos.map((p) => p.id), task: 'remove', options: {} }, 'job');
    for (let n = 1; n < photos.length; n++) job = await sendAndAwaitAsync(fake, resultFor(job), 'job');
    const last = postedToUi(fake).length;
    await sendAndAwaitAsync(fake, resultFor(job), 'result-placed');
    expect(await awaitPostedAsync(fake, 'batch-done', last)).toMatchObject({ count: 4, placed: 4, failed: [] });
    expect(fake.snapshot().nodes.filter((node) => node.name.startsWith('Remove'))).toHaveLength(4);
    expect(mask.visible).toBe(false);

    // The window stays open (nothing closed the step for the plugin): one undo, and the document is as before.
    expect(fake.undo()).toBe(true);
    expect(fake.snapshot().nodes).toEqual(before.nodes);
    expect(fake.undo()).toBe(false);
  });

  it('stops at a cancel, keeping what was placed', async () => {
    const photos = [0, 1, 2].map((i) => fake.addImageLayer({ name: `Photo ${i + 1}`, rgba: IMAGE, x: i * 100, width: 64, height: 48 }));
    fake.addRectangle({ name: 'Mask', x: 0, y: 10, width: 400, height: 20, color: '#ff0000' });
    await fake.select(photos);
    await runCommandAsync(fake, 'remove');
    let job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: photos.map((p) => p.id), task: 'remove', options: {} }, 'job');
    job = await sendAndAwaitAsync(fake, resultFor(job), 'job');
    const done = await sendAndAwaitAsync(fake, { type: 'cancel', jobId: job.jobId }, 'batch-done');
    expect(done).toEqual({ type: 'batch-done', count: 3, placed: 1, failed: [], cancelled: true });
    expect(fake.snapshot().nodes.filter((node) => node.name.startsWith('Remove'))).toHaveLength(1);
  });
});
