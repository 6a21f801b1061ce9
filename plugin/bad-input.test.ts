/** Bad input at Run: each a clear message, and nothing in the document changed. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma, FakeSceneNode } from '../test/harness/fake-figma/index.js';
import type { Task } from './protocol/messages.js';
import { coordinateImage } from './testing/pixels.js';
import { createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from './testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const IMAGE = coordinateImage(64, 48);
const RED = '#ff0000';

async function runExpectingErrorAsync(source: FakeSceneNode, task: Task, selection: FakeSceneNode[] = [source]): Promise<string> {
  fake.resetUndoHistory();
  await fake.select(selection);
  await runCommandAsync(fake, 'open');
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  const before = fake.snapshot();
  const error = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [source.id], task, options: {} }, 'error');
  expect(fake.snapshot()).toEqual(before);
  expect(postedToUi(fake).some((message) => message.type === 'job')).toBe(false);
  // Shown once, in the window (which stays open): no toast besides.
  expect(fake.notifications).toEqual([]);
  return error.message;
}

describe('bad input at Run', () => {
  it('an unsupported layer', async () => {
    const box = fake.addFrame({ name: 'Empty frame', width: 50, height: 50 });
    expect(await runExpectingErrorAsync(box, 'remove')).toBe('“Empty frame” has no image fill. Select an image layer, then run Remove object again.');
  });

  it('a locked layer', async () => {
    const photo = fake.addImageLayer({ name: 'Pinned', rgba: IMAGE });
    photo.locked = true;
    expect(await runExpectingErrorAsync(photo, 'remove')).toBe('“Pinned” is locked. Unlock it, then run Remove object again.');
  });

  it('no mask at all (no shapes, nothing painted)', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    expect(await runExpectingErrorAsync(photo, 'object')).toBe(
      'Nothing marks what to paint on “Photo”. Draw a shape over it or paint a mask in the window, then run Insert object again.',
    );
  });

  it('an empty mask: a shape whose bounds meet the image but whose outline does not', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 0, y: 0 });
    // An L around the image's bottom-right corner: its bounds overlap the image, its area doesn't.
    fake.addVector({ name: 'Corner', paths: 'M 70 0 L 80 0 L 80 60 L 0 60 L 0 52 L 70 52 Z', color: RED });
    expect(await runExpectingErrorAsync(photo, 'shape')).toBe('The mask doesn’t cover any of “Photo”. Draw the shape over the image, then run Fill shape again.');
  });

  it('a removal mask covering everything', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 10, y: 10 });
    fake.addRectangle({ name: 'Cover', x: 0, y: 0, width: 100, height: 100, color: RED });
    expect(await runExpectingErrorAsync(photo, 'remove')).toBe(
      'The mask covers all of “Photo”, so there is nothing left to fill from. Make the mask smaller, then run Remove object again.',
    );
  });

  it('a zero-size layer', async () => {
    const photo = fake.addImageLayer({ name: 'Sliver', rgba: IMAGE, width: 0.4, height: 30 });
    expect(await runExpectingErrorAsync(photo, 'remove')).toContain('“Sliver” has no size to paint on.');
  });

  it('a layer too large to read', async () => {
    const frame = fake.addFrame({ name: 'Huge', width: 20000, height: 100, color: '#ffffff' });
    fake.addImageLayer({ name: 'Inside', rgba: IMAGE, parent: frame });
    expect(await runExpectingErrorAsync(frame, 'remove')).toBe(
      '“Huge” is too large (20000 × 100 px; PowerPaint reads up to 16384 px per side). Select a smaller layer, then run Remove object again.',
    );
  });

  it('nothing to outpaint: the image already fills its frame and no ratio is given', async () => {
    const frame = fake.addFrame({ name: 'Tight', width: 64, height: 48 });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, parent: frame });
    expect(await runExpectingErrorAsync(photo, 'outpaint')).toBe(
      '“Photo” already fills its frame. Put it in a larger frame or choose an aspect ratio, then run Outpaint to frame again.',
    );
  });

  it('nothing to outpaint: a layer in no frame is not said to fill its frame', async () => {
    const photo = fake.addImageLayer({ name: 'Loose', rgba: IMAGE });
    expect(await runExpectingErrorAsync(photo, 'outpaint')).toBe(
      '“Loose” is not in a frame, so there is no frame to extend it to. Choose an aspect ratio or pixels per side, or put it in a larger frame, then run Outpaint to frame again.',
    );
  });

  it('a painted mask of the wrong size (the layer changed since it was painted)', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE });
    await fake.select([photo]);
    await runCommandAsync(fake, 'remove');
    const before = fake.snapshot();
    const mask = { png: new Uint8Array([137, 80, 78, 71]), width: 10, height: 10 };
    const error = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'remove', options: {}, mask }, 'error');
    expect(error.message).toBe('The painted mask doesn’t match “Photo” (64 × 48 px); the layer changed. Paint the mask again, then run Remove object again.');
    expect(fake.snapshot()).toEqual(before);
  });

  it('a frame read larger than 4096 px is read smaller, with a notice', async () => {
    const frame = fake.addFrame({ name: 'Wide', width: 6000, height: 100, color: '#ffffff' });
    fake.addRectangle({ name: 'Stripe', x: 0, y: 40, width: 6000, height: 20, color: '#0000ff', parent: frame });
    fake.addRectangle({ name: 'Mask', x: 10, y: 10, width: 100, height: 50, color: RED });
    await fake.select([frame]);
    await runCommandAsync(fake, 'remove');
    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [frame.id], task: 'remove', options: {} }, 'job');
    expect(job).toMatchObject({ kind: 'frame', canvas: { width: 4096, height: 68 } });
    expect(job.notices).toEqual(['“Wide” is read at 4096 × 68 px, 68% of its full size: Figma images stop at 4096 px per side.']);
    expect(job.masks.map((shape) => shape.name)).toEqual(['Mask']);
  });
});
