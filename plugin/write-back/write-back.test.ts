import { decode } from 'fast-png';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma, FakeRectangleNode, NodeSnapshot } from '../../test/harness/fake-figma/index.js';
import { paintedMask, startJobAsync, wholeResult } from '../testing/jobs.js';
import { coordinateImage, invertedPng, pattern, solidPng } from '../testing/pixels.js';
import { createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';
import { RESULT_DATA_KEY } from './result-data.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

/** A rotated photo inside a frame, with a caption above it, selected. */
async function rotatedNestedPhotoAsync(): Promise<FakeRectangleNode> {
  const card = fake.addFrame({ name: 'Card', x: 100, y: 50, width: 400, height: 300, color: '#ffffff' });
  const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), x: 60, y: 40, width: 120, height: 80, rotation: 30, parent: card });
  fake.addRectangle({ name: 'Caption', x: 10, y: 250, width: 200, height: 30, color: '#000000', parent: card });
  fake.resetUndoHistory();
  await fake.select([photo]);
  return photo;
}

const nodeIn = (nodes: NodeSnapshot[], id: string) => nodes.find((node) => node.id === id);

/** Rendered where both are fully opaque, the result is the source's inverse (±1); returns how many pixels were compared. */
function expectRenderedInverse(sourceId: string, layerId: string): void {
  const source = fake.renderNode(sourceId);
  const result = fake.renderNode(layerId);
  expect([result.width, result.height]).toEqual([source.width, source.height]);
  expect(result.x).toBeCloseTo(source.x, 6);
  expect(result.y).toBeCloseTo(source.y, 6);
  let opaque = 0;
  for (let i = 0; i < source.data.length; i += 4) {
    if (source.data[i + 3] !== 255 || result.data[i + 3] !== 255) continue;
    opaque++;
    for (let c = 0; c < 3; c++) expect(Math.abs((result.data[i + c] ?? 0) - (255 - (source.data[i + c] ?? 0)))).toBeLessThanOrEqual(1);
  }
  expect(opaque).toBeGreaterThan(source.width * source.height * 0.3);
}

describe('placing a result', () => {
  it('sends the unrotated image fill of a rotated, nested source, with its canvas and the painted mask', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));

    expect(job).toMatchObject({
      sourceId: photo.id, task: 'remove', options: { seed: 1234 }, name: 'Photo', kind: 'image', index: 1, count: 1,
      canvas: { width: 6, height: 4 }, imageWidth: 6, imageHeight: 4,
      imageTransform: [[1, 0, 0], [0, 1, 0]], masks: [], maskRule: null, outpaintRegion: null,
    });
    expect(job.paintedMask?.width).toBe(6);
    expect(Array.from(decode(job.image).data)).toEqual(Array.from(pattern().data));
  });

  it('adds a layer directly above the source, same parent, size and transform, named, selected, one undo step', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const before = fake.snapshot();
    const commitsBefore = fake.undoCommits;

    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');

    const after = fake.snapshot();
    const source = nodeIn(after.nodes, photo.id);
    const layer = nodeIn(after.nodes, placed.layers[0]?.id ?? '');
    expect(placed).toEqual({ type: 'result-placed', jobId: job.jobId, layers: [{ id: layer?.id, name: 'Remove · seed 1234' }], notices: [] });
    expect(source).toEqual(nodeIn(before.nodes, photo.id));
    expect(layer).toMatchObject({
      type: 'RECTANGLE',
      name: 'Remove · seed 1234',
      parentId: source?.parentId,
      index: (source?.index ?? NaN) + 1,
      width: 120,
      height: 80,
      relativeTransform: source?.relativeTransform,
      absoluteTransform: source?.absoluteTransform,
    });
    expect(layer?.rotation).toBeCloseTo(30, 6);
    expect(layer?.fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'FILL', visible: true }]);
    expect(after.nodes.find((node) => node.name === 'Caption')?.index).toBe((layer?.index ?? NaN) + 1);
    expect(after.selection).toEqual([placed.layers[0]?.id]);
    expect(fake.undoCommits).toBe(commitsBefore + 1);
    expect(postedToUi(fake).find((message) => message.type === 'batch-done')).toEqual({ type: 'batch-done', count: 1, placed: 1, failed: [], cancelled: false });

    fake.undo();
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });

  it('places pixels that are the transform of the source pixels, on the canvas too', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const png = invertedPng(job.image);
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, png), 'result-placed');

    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    const [fill] = layer.fills as ImagePaint[];
    expect(await fake.api.getImageByHash(fill?.imageHash ?? '')?.getBytesAsync()).toEqual(png);
    expectRenderedInverse(photo.id, layer.id);
  });

  it('covers a flipped source exactly, keeping its flip', async () => {
    const photo = fake.addImageLayer({ name: 'Mirrored', rgba: pattern(), width: 60, height: 40 });
    photo.relativeTransform = [[-1, 0, 300], [0, 1, 80]];
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');

    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect(layer.relativeTransform).toEqual([[-1, 0, 300], [0, 1, 80]]);
    expectRenderedInverse(photo.id, layer.id);
  });

  it('stores the settings used on the layer, with a relaunch button', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const result = { ...wholeResult(job, invertedPng(job.image), 77), options: { seed: 77, steps: 30 } };
    const placed = await sendAndAwaitAsync(fake, result, 'result-placed');

    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect(layer.name).toBe('Remove · seed 77');
    expect(JSON.parse(layer.getPluginData(RESULT_DATA_KEY))).toEqual({
      version: 1,
      task: 'remove',
      options: { seed: 77, steps: 30 },
      sourceId: photo.id,
      sourceName: 'Photo',
      variation: 0,
      region: { x: 0, y: 0, width: 6, height: 4 },
      canvas: { width: 6, height: 4 },
    });
    expect(layer.getRelaunchData()).toEqual({ rerun: 'Remove object with seed 77 on “Photo” again' });
  });

  it('inserts every variation sent ("Insert all"), each named by its seed, all selected, in one undo step', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const before = fake.snapshot();
    const png = invertedPng(job.image);
    const images = [0, 1, 2].map((variation) => ({ png, x: 0, y: 0, width: 6, height: 4, seed: 10 + variation, variation }));
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images }, 'result-placed');

    expect(placed.layers.map((layer) => layer.name)).toEqual(['Remove · seed 10', 'Remove · seed 11', 'Remove · seed 12']);
    expect(fake.snapshot().selection).toEqual(placed.layers.map((layer) => layer.id));
    fake.undo();
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });

  it('places a patch exactly over its region of a rotated source', async () => {
    const photo = fake.addImageLayer({ name: 'Grid', rgba: coordinateImage(16, 12), x: 200, y: 40, width: 160, height: 120, rotation: -25 });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(16, 12));
    const patch = { png: solidPng(6, 5, [0, 0, 255, 255]), x: 4, y: 3, width: 6, height: 5, seed: 5, variation: 0 };
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images: [patch] }, 'result-placed');

    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect(layer.name).toBe('Remove · seed 5 · patch');
    expect([layer.width, layer.height]).toEqual([60, 50]);
    expect(layer.rotation).toBeCloseTo(-25, 6);
    // Where the patch is drawn, the source shows exactly the image pixels of the patch's region.
    const region = fake.renderNode(photo.id);
    const bounds = { x: region.x, y: region.y, width: region.width, height: region.height };
    layer.visible = false;
    const source = fake.renderPage({ region: bounds, background: false });
    layer.visible = true;
    photo.visible = false;
    const patchOnly = fake.renderPage({ region: bounds, background: false });
    photo.visible = true;
    let inside = 0;
    for (let i = 0; i < source.data.length; i += 4) {
      if (source.data[i + 3] !== 255) continue;
      const ix = (source.data[i] ?? 0) / 4;
      const iy = (source.data[i + 1] ?? 0) / 4;
      const covered = patchOnly.data[i + 3] ?? 0;
      if (covered === 255) {
        inside++;
        expect(ix).toBeGreaterThanOrEqual(3);
        expect(ix).toBeLessThanOrEqual(10);
        expect(iy).toBeGreaterThanOrEqual(2);
        expect(iy).toBeLessThanOrEqual(8);
      }
      if (ix >= 5 && ix <= 8.5 && iy >= 4 && iy <= 6.5) expect(covered).toBe(255);
    }
    expect(inside).toBeGreaterThan(60 * 50 * 0.8);
  });

  // Components have auto-layout too (issue #19). Before: only FRAME parents were taken as auto-layout, so a
  // result in a component joined its layout and pushed the next item.
  it.each(['frame', 'component'] as const)('positions the new layer absolutely inside an auto-layout %s, over the source', async (kind) => {
    const options = { name: 'Row', x: 20, y: 20, width: 400, height: 120, layoutMode: 'HORIZONTAL', itemSpacing: 10, padding: 8 } as const;
    const row = kind === 'frame' ? fake.addFrame(options) : fake.addComponent(options);
    fake.addRectangle({ name: 'Spacer', width: 50, height: 50, color: '#cccccc', parent: row });
    const photo = fake.addImageLayer({ name: 'In row', rgba: pattern(), width: 60, height: 40, parent: row });
    const last = fake.addRectangle({ name: 'Last', width: 30, height: 30, color: '#333333', parent: row });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const lastX = last.x;
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');

    const layer = fake.snapshot().nodes.find((node) => node.id === placed.layers[0]?.id);
    const source = fake.snapshot().nodes.find((node) => node.id === photo.id);
    expect(layer).toMatchObject({ parentId: row.id, index: (source?.index ?? NaN) + 1, layoutPositioning: 'ABSOLUTE' });
    expect(layer?.absoluteTransform).toEqual(source?.absoluteTransform);
    // The layout did not move: the next item is where it was.
    expect(last.x).toBe(lastX);
    expectRenderedInverse(photo.id, layer!.id);
  });

  it('refuses a result larger than the canvas, changing nothing', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const before = fake.snapshot();
    const error = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, images: [{ png: solidPng(8, 8, [0, 0, 0, 255]), x: 0, y: 0, width: 8, height: 8, variation: 0 }] },
      'error',
    );
    expect(error.message).toContain('does not fit “Photo” (6 × 4 px)');
    expect(fake.snapshot()).toEqual(before);
  });
});

/** The ids of a parent's children, bottom to top. */
function childOrder(snapshot: { nodes: NodeSnapshot[] }, parentId: string): string[] {
  return snapshot.nodes
    .filter((node) => node.parentId === parentId)
    .sort((a, b) => a.index - b.index)
    .map((node) => node.id);
}

describe('results of the same source stack up, newest on top', () => {
  /** A card with a photo, another photo beside it and a caption on top; nothing selected. */
  function cardWithTwoPhotos() {
    const card = fake.addFrame({ name: 'Card', x: 100, y: 50, width: 400, height: 300, color: '#ffffff' });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), x: 20, y: 20, width: 120, height: 80, parent: card });
    const other = fake.addImageLayer({ name: 'Other', rgba: pattern(), x: 200, y: 20, width: 120, height: 80, parent: card });
    const caption = fake.addRectangle({ name: 'Caption', x: 10, y: 250, width: 200, height: 30, color: '#000000', parent: card });
    fake.resetUndoHistory();
    return { card, photo, other, caption };
  }

  /** Selects `source`, runs Remove on it (a fresh plugin run, as each menu command is) and inserts the result. */
  async function runAndInsertAsync(source: { id: string }, seed: number): Promise<string> {
    await fake.select([fake.node(source.id)]);
    const job = await startJobAsync(fake, source, 'remove', paintedMask(6, 4));
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image), seed), 'result-placed');
    return placed.layers[0]!.id;
  }

  it('puts a second run’s result above the first run’s, selected, and moves nothing else', async () => {
    const { card, photo, other } = cardWithTwoPhotos();
    const first = await runAndInsertAsync(photo, 1);
    const before = fake.snapshot();

    const second = await runAndInsertAsync(photo, 2);

    const after = fake.snapshot();
    const index = (id: string) => nodeIn(after.nodes, id)?.index ?? NaN;
    // Before: the second result went directly above the source, under the first (index 1 < 2).
    expect(index(second)).toBe(index(first) + 1);
    expect(index(first)).toBe(index(photo.id) + 1);
    expect(index(other.id)).toBe(index(second) + 1);
    expect(after.selection).toEqual([second]);
    expect(nodeIn(after.nodes, second)).toMatchObject({ visible: true, name: 'Remove · seed 2', parentId: card.id });
    expect(childOrder(after, card.id).filter((id) => id !== second)).toEqual(childOrder(before, card.id));
    for (const node of before.nodes) expect(nodeIn(after.nodes, node.id)?.relativeTransform).toEqual(node.relativeTransform);
  });

  it('with results of another source in between, goes above this source’s topmost result and nothing else moves', async () => {
    const { card, photo, other } = cardWithTwoPhotos();
    const first = await runAndInsertAsync(photo, 1);
    const otherResult = await runAndInsertAsync(other, 7);
    // The designer drags the photo's result up, above the other photo and its result.
    // (insertChild takes the index as it is once the moved layer has left: the other result's index now.)
    card.insertChild(card.children.findIndex((child) => child.id === otherResult), fake.node(first));
    expect(childOrder(fake.snapshot(), card.id).map((id) => fake.node(id).name)).toEqual(['Photo', 'Other', 'Remove · seed 7', 'Remove · seed 1', 'Caption']);
    const before = fake.snapshot();

    const second = await runAndInsertAsync(photo, 2);

    const after = fake.snapshot();
    // Before: the new result went directly above "Photo", under "Other" and both results.
    expect(childOrder(after, card.id).map((id) => fake.node(id).name)).toEqual([
      'Photo', 'Other', 'Remove · seed 7', 'Remove · seed 1', 'Remove · seed 2', 'Caption',
    ]);
    expect(childOrder(after, card.id).filter((id) => id !== second)).toEqual(childOrder(before, card.id));
    expect(after.selection).toEqual([second]);
    for (const node of before.nodes) expect(nodeIn(after.nodes, node.id)).toMatchObject({ parentId: node.parentId, relativeTransform: node.relativeTransform });
  });

  it('counts results made from its results: a new result of the photo goes above a result of its result', async () => {
    const { card, photo } = cardWithTwoPhotos();
    const first = await runAndInsertAsync(photo, 1);
    const ofFirst = await runAndInsertAsync({ id: first }, 3);

    const second = await runAndInsertAsync(photo, 2);

    const order = childOrder(fake.snapshot(), card.id);
    // Before: [Photo, second, first, ofFirst, …]: the new result hidden under two older ones.
    expect(order.slice(0, 4)).toEqual([photo.id, first, ofFirst, second]);
  });

  it('places every variation of "Insert all" above the earlier results, in order', async () => {
    const { card, photo } = cardWithTwoPhotos();
    const first = await runAndInsertAsync(photo, 1);
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const png = invertedPng(job.image);
    const images = [0, 1].map((variation) => ({ png, x: 0, y: 0, width: 6, height: 4, seed: 10 + variation, variation }));
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images }, 'result-placed');

    const ids = placed.layers.map((layer) => layer.id);
    expect(childOrder(fake.snapshot(), card.id).slice(0, 4)).toEqual([photo.id, first, ...ids]);
    expect(fake.snapshot().selection).toEqual(ids);
  });
});

describe('a source that went away', () => {
  it('says so when Run names a deleted layer, and changes nothing', async () => {
    const photo = await rotatedNestedPhotoAsync();
    await runCommandAsync(fake, 'remove');
    photo.remove();
    const before = fake.snapshot();

    const error = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'remove', options: {} }, 'error');

    const text = 'The layer was deleted. Select an image layer, then run Remove object again.';
    expect(error).toEqual({ type: 'error', message: text });
    expect(fake.notifications).toEqual([]);
    expect(postedToUi(fake).some((message) => message.type === 'job')).toBe(false);
    expect(fake.snapshot()).toEqual(before);
  });

  it('says so when the source was deleted while the job ran, and places nothing', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    photo.remove();
    const before = fake.snapshot();

    const error = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'error');

    const text = '“Photo” was deleted. Select an image layer, then run Remove object again.';
    expect(error).toEqual({ type: 'error', message: text, jobId: job.jobId });
    expect(fake.notifications).toEqual([]);
    expect(fake.snapshot()).toEqual(before);
  });

  it('refuses a result whose source was deleted mid-job even with another layer selected: named message, nothing placed, the next run starts', async () => {
    // Refusing (not placing where the source was): the designer removed that picture on purpose (or a
    // collaborator did); a result appearing where nothing is any more would bring it back unasked. Undo brings
    // the source back (same id), and then the same result can be inserted over it.
    const photo = await rotatedNestedPhotoAsync();
    const other = fake.addImageLayer({ name: 'Other', rgba: pattern(), x: 400, y: 40, width: 60, height: 40 });
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    photo.remove();
    await fake.select([other]);
    const before = fake.snapshot();

    const error = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'error');

    expect(error).toEqual({ type: 'error', message: '“Photo” was deleted. Select an image layer, then run Remove object again.', jobId: job.jobId });
    expect(fake.snapshot()).toEqual(before);
    expect(postedToUi(fake).some((message) => message.type === 'result-placed')).toBe(false);
    expect(postedToUi(fake).find((message) => message.type === 'batch-done')).toMatchObject({ placed: 0, failed: [{ sourceName: 'Photo' }] });
    const next = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [other.id], task: 'remove', options: {}, mask: paintedMask(6, 4) }, 'job');
    expect(next).toMatchObject({ sourceId: other.id, name: 'Other' });
  });

  it('places the held result over its source once the deletion is undone', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const { nodes } = fake.snapshot();
    photo.remove();
    fake.undo();
    expect(fake.snapshot().nodes).toEqual(nodes);

    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
    expect(nodeIn(fake.snapshot().nodes, placed.layers[0]!.id)).toMatchObject({ parentId: nodeIn(nodes, photo.id)?.parentId, index: (nodeIn(nodes, photo.id)?.index ?? NaN) + 1 });
  });

  it('drops the result of a cancelled job', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const done = await sendAndAwaitAsync(fake, { type: 'cancel', jobId: job.jobId }, 'batch-done');
    expect(done).toEqual({ type: 'batch-done', count: 1, placed: 0, failed: [], cancelled: true });
    expect(postedToUi(fake).at(-1)).toBe(done);
    const before = fake.snapshot();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      fake.sendFromUi(wholeResult(job, invertedPng(job.image)));
      // The plugin is done with the result when it says it dropped it.
      await expect.poll(() => warnings).toEqual([`PowerPaint: dropped the result of ${job.jobId}: it was cancelled or already placed.`]);
    } finally {
      console.warn = warn;
    }
    expect(fake.snapshot()).toEqual(before);
    expect(postedToUi(fake).some((message) => message.type === 'result-placed')).toBe(false);
  });
});
