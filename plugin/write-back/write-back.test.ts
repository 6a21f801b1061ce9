import { decode, encode } from 'fast-png';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma, FakeRectangleNode, NodeSnapshot } from '../../test/harness/fake-figma/index.js';
import type { SourceMessage } from '../protocol/messages.js';
import { createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync, sendAndSettleAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

/** 6×4 opaque pixels, every channel different, so a misplaced or flipped pixel shows. */
function pattern(): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(6 * 4 * 4);
  for (let i = 0; i < 24; i++) data.set([(i * 10) % 256, (i * 37 + 5) % 256, 255 - i * 9, 255], i * 4);
  return { width: 6, height: 4, data };
}

/** What the window does with the preview engine: decode, invert RGB, encode as PNG. */
function invertedPng(image: Uint8Array): Uint8Array {
  const decoded = decode(image);
  const data = Uint8Array.from(decoded.data as Uint8Array, (value, i) => (i % 4 === 3 ? value : 255 - value));
  return encode({ width: decoded.width, height: decoded.height, data, channels: 4, depth: 8 });
}

/** A rotated photo inside a frame, with a caption above it, selected. */
async function rotatedNestedPhotoAsync(): Promise<FakeRectangleNode> {
  const card = fake.addFrame({ name: 'Card', x: 100, y: 50, width: 400, height: 300, color: '#ffffff' });
  const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), x: 60, y: 40, width: 120, height: 80, rotation: 30, parent: card });
  fake.addRectangle({ name: 'Caption', x: 10, y: 250, width: 200, height: 30, color: '#000000', parent: card });
  fake.resetUndoHistory();
  await fake.select([photo]);
  return photo;
}

async function startJobAsync(photo: FakeRectangleNode): Promise<SourceMessage> {
  await runCommandAsync(fake, 'remove');
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  return sendAndAwaitAsync(fake, { type: 'run', sourceId: photo.id, task: 'remove', options: {} }, 'source');
}

const nodeIn = (nodes: NodeSnapshot[], id: string) => nodes.find((node) => node.id === id);

describe('placing a result', () => {
  it('sends the unrotated image fill of a rotated, nested source', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(photo);

    expect(job).toMatchObject({ sourceId: photo.id, task: 'remove', options: {}, width: 6, height: 4, name: 'Photo' });
    expect(Array.from(decode(job.image).data)).toEqual(Array.from(pattern().data));
  });

  it('adds a layer directly above the source, same parent, size and transform, named, selected, one undo step', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(photo);
    const before = fake.snapshot();
    const commitsBefore = fake.undoCommits;

    const placed = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, png: invertedPng(job.image), width: 6, height: 4, taskLabel: 'Remove object' },
      'result-placed',
    );

    const after = fake.snapshot();
    const source = nodeIn(after.nodes, photo.id);
    const layer = nodeIn(after.nodes, placed.nodeId);
    expect(placed).toEqual({ type: 'result-placed', jobId: job.jobId, nodeId: layer?.id, name: 'Remove object · PowerPaint' });
    expect(source).toEqual(nodeIn(before.nodes, photo.id));
    expect(layer).toMatchObject({
      type: 'RECTANGLE',
      name: 'Remove object · PowerPaint',
      parentId: source?.parentId,
      index: (source?.index ?? NaN) + 1,
      width: 120,
      height: 80,
      relativeTransform: source?.relativeTransform,
      absoluteTransform: source?.absoluteTransform,
    });
    // The transform is copied as Figma reports it (rounded to 9 decimals), so the angle matches closely.
    expect(layer?.rotation).toBeCloseTo(30, 6);
    expect(layer?.fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'FILL', visible: true }]);
    expect(after.nodes.find((node) => node.name === 'Caption')?.index).toBe((layer?.index ?? NaN) + 1);
    expect(after.selection).toEqual([placed.nodeId]);
    expect(fake.undoCommits).toBe(commitsBefore + 1);

    fake.undo();
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });

  it('places pixels that are the transform of the source pixels, on the canvas too', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(photo);
    const png = invertedPng(job.image);
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, png, width: 6, height: 4, taskLabel: 'Remove object' }, 'result-placed');

    const layer = fake.node<FakeRectangleNode>(placed.nodeId);
    const [fill] = layer.fills as ImagePaint[];
    const stored = await fake.api.getImageByHash(fill?.imageHash ?? '')?.getBytesAsync();
    expect(stored).toEqual(png);

    // Rendered where the source is, the result is its inverse wherever both are fully opaque.
    const source = fake.renderNode(photo);
    const result = fake.renderNode(layer);
    expect([result.width, result.height]).toEqual([source.width, source.height]);
    expect(result.x).toBeCloseTo(source.x, 6);
    expect(result.y).toBeCloseTo(source.y, 6);
    let opaque = 0;
    for (let i = 0; i < source.data.length; i += 4) {
      if (source.data[i + 3] !== 255 || result.data[i + 3] !== 255) continue;
      opaque++;
      for (let c = 0; c < 3; c++) expect(Math.abs((result.data[i + c] ?? 0) - (255 - (source.data[i + c] ?? 0)))).toBeLessThanOrEqual(1);
    }
    expect(opaque).toBeGreaterThan(5000);
  });
});

describe('a source that went away', () => {
  it('says so when Run names a deleted layer, and changes nothing', async () => {
    const photo = await rotatedNestedPhotoAsync();
    await runCommandAsync(fake, 'remove');
    photo.remove();
    const before = fake.snapshot();

    const error = await sendAndAwaitAsync(fake, { type: 'run', sourceId: photo.id, task: 'remove', options: {} }, 'error');

    const text = 'The layer was deleted. Select an image layer, then run Remove object again.';
    expect(error).toEqual({ type: 'error', message: text });
    expect(fake.notifications.map((n) => n.message)).toEqual([text]);
    expect(postedToUi(fake).some((message) => message.type === 'source')).toBe(false);
    expect(fake.snapshot()).toEqual(before);
  });

  it('says so when the source was deleted while the job ran, and places nothing', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(photo);
    photo.remove();
    const before = fake.snapshot();

    const error = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, png: invertedPng(job.image), width: 6, height: 4, taskLabel: 'Remove object' },
      'error',
    );

    const text = '“Photo” was deleted. Select an image layer, then run Remove object again.';
    expect(error).toEqual({ type: 'error', message: text, jobId: job.jobId });
    expect(fake.notifications.map((n) => n.message)).toEqual([text]);
    expect(fake.snapshot()).toEqual(before);
  });

  it('drops the result of a cancelled job', async () => {
    const photo = await rotatedNestedPhotoAsync();
    const job = await startJobAsync(photo);
    await sendAndSettleAsync(fake, { type: 'cancel', jobId: job.jobId });
    const before = fake.snapshot();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await sendAndSettleAsync(fake, { type: 'result', jobId: job.jobId, png: invertedPng(job.image), width: 6, height: 4, taskLabel: 'Remove object' });
    } finally {
      console.warn = warn;
    }
    expect(fake.snapshot()).toEqual(before);
    expect(postedToUi(fake).at(-1)?.type).toBe('source');
  });
});
