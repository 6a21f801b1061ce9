/** Outpaint: the canvas is the frame (or the FIT box, or an aspect ratio); the region to fill is outside the image. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma, FakeRectangleNode } from '../../test/harness/fake-figma/index.js';
import type { JobMessage, TaskOptions } from '../protocol/messages.js';
import { maskAt, maskedShare, rasterizeMask } from '../testing/mask-raster.js';
import { coordinateImage, solidPng } from '../testing/pixels.js';
import { createInstalledFakeFigma, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';
import { maskSearch } from '../mask/find-mask-layers.js';
import { prepareSourceAsync, summarizeSourceAsync } from './prepare-source.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const IMAGE = coordinateImage(64, 48);

async function outpaintJobAsync(photo: FakeRectangleNode, options: TaskOptions = {}): Promise<JobMessage> {
  fake.resetUndoHistory();
  await fake.select([photo]);
  await runCommandAsync(fake, 'outpaint');
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  return sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'outpaint', options }, 'job');
}

describe('outpaint to frame', () => {
  it('works on the frame’s area at the image’s resolution and fills what lies outside the image', async () => {
    const frame = fake.addFrame({ name: 'Banner', x: 10, y: 10, width: 200, height: 120, color: '#ffffff', clipsContent: true });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 40, y: 20, width: 128, height: 96, parent: frame });
    await fake.select([photo]);
    await runCommandAsync(fake, 'outpaint');
    const selection = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(selection.sources[0]?.outpaint).toEqual({ target: 'frame', name: 'Banner', width: 100, height: 60 });

    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'outpaint', options: {} }, 'job');
    expect(job.canvas).toEqual({ width: 100, height: 60 });
    expect(job.imageTransform).toEqual([[1, 0, 20], [0, 1, 10]]);
    const region = rasterizeMask(job.outpaintRegion ?? [], 100, 60);
    expect(maskAt(region, 5, 5)).toBe(1);
    expect(maskAt(region, 95, 55)).toBe(1);
    expect(maskAt(region, 20, 10)).toBe(0);
    expect(maskAt(region, 83, 57)).toBe(0);
    expect(maskedShare(region)).toBeCloseTo(1 - (64 * 48) / (100 * 60), 3);

    // The result covers the frame's area, above the photo, in the frame.
    const placed = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, images: [{ png: solidPng(100, 60, [0, 128, 0, 255]), x: 0, y: 0, width: 100, height: 60, seed: 3, variation: 0 }] },
      'result-placed',
    );
    const layer = fake.snapshot().nodes.find((node) => node.id === placed.layers[0]?.id);
    expect(layer).toMatchObject({ name: 'Outpaint · seed 3', parentId: frame.id, width: 200, height: 120, x: 0, y: 0, rotation: 0 });
  });

  it('follows a rotated image inside its frame', async () => {
    const frame = fake.addFrame({ name: 'Card', x: 0, y: 0, width: 300, height: 300, color: '#ffffff' });
    const photo = fake.addImageLayer({ name: 'Tilted', rgba: IMAGE, x: 80, y: 120, width: 128, height: 96, rotation: 30, parent: frame });
    const job = await outpaintJobAsync(photo);
    expect(job.canvas).toEqual({ width: 150, height: 150 });
    const region = rasterizeMask(job.outpaintRegion ?? [], 150, 150);
    // The image's centre is kept, the frame's corners are filled.
    const t = job.imageTransform;
    const cx = t[0][0] * 32 + t[0][1] * 24 + t[0][2];
    const cy = t[1][0] * 32 + t[1][1] * 24 + t[1][2];
    expect(maskAt(region, Math.floor(cx), Math.floor(cy))).toBe(0);
    expect(maskAt(region, 2, 147)).toBe(1);
    expect(maskedShare(region)).toBeCloseTo(1 - (64 * 48) / (150 * 150), 2);
  });

  it('fills the empty bands of a FIT image fill', async () => {
    const photo = fake.addImageLayer({ name: 'Fit', rgba: IMAGE, x: 20, y: 20, width: 200, height: 96, scaleMode: 'FIT' });
    const job = await outpaintJobAsync(photo);
    expect(job.canvas).toEqual({ width: 100, height: 48 });
    expect(job.imageTransform).toEqual([[1, 0, 18], [0, 1, 0]]);
    const region = rasterizeMask(job.outpaintRegion ?? [], 100, 48);
    expect(maskAt(region, 5, 20)).toBe(1);
    expect(maskAt(region, 95, 20)).toBe(1);
    expect(maskAt(region, 50, 20)).toBe(0);
    const placed = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, images: [{ png: solidPng(100, 48, [9, 9, 9, 255]), x: 0, y: 0, width: 100, height: 48, variation: 0 }] },
      'result-placed',
    );
    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect([layer.x, layer.y, layer.width, layer.height]).toEqual([20, 20, 200, 96]);
  });

  it('extends to an aspect ratio, centred', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 0, y: 0, width: 128, height: 96 });
    const job = await outpaintJobAsync(photo, { aspectRatio: 16 / 9 });
    expect(job.canvas).toEqual({ width: 85, height: 48 });
    expect(job.imageTransform).toEqual([[1, 0, 10.5], [0, 1, 0]]);
  });

  it('adds pixels on every side: the canvas grows by the margin in image pixels, the image sits in its middle', async () => {
    // 64 × 48 image pixels shown at 128 × 96: one image pixel is 2 units on the page.
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 100, y: 60, width: 128, height: 96 });
    const job = await outpaintJobAsync(photo, { outpaintSides: 16 });
    expect(job.canvas).toEqual({ width: 64 + 2 * 16, height: 48 + 2 * 16 });
    expect(job.imageTransform).toEqual([[1, 0, 16], [0, 1, 16]]);
    expect(job.notices).toEqual([]);
    const region = rasterizeMask(job.outpaintRegion ?? [], 96, 80);
    // The margin is filled on all four sides; the image (16..80 × 16..64) is kept.
    expect([maskAt(region, 8, 40), maskAt(region, 88, 40), maskAt(region, 48, 8), maskAt(region, 48, 72)]).toEqual([1, 1, 1, 1]);
    expect([maskAt(region, 16, 16), maskAt(region, 79, 63), maskAt(region, 48, 40)]).toEqual([0, 0, 0]);
    expect(maskedShare(region)).toBeCloseTo(1 - (64 * 48) / (96 * 80), 3);

    // The placed layer covers the image and its margin: 16 image pixels = 32 units on every side.
    const placed = await sendAndAwaitAsync(
      fake,
      { type: 'result', jobId: job.jobId, images: [{ png: solidPng(96, 80, [0, 0, 200, 255]), x: 0, y: 0, width: 96, height: 80, seed: 5, variation: 0 }] },
      'result-placed',
    );
    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect([layer.x, layer.y, layer.width, layer.height]).toEqual([68, 28, 192, 160]);
    expect(layer.name).toBe('Outpaint · seed 5');
  });

  it('reports pixels per side as the outpaint target in the source summary', async () => {
    const frame = fake.addFrame({ name: 'Banner', x: 0, y: 0, width: 300, height: 200, color: '#ffffff' });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 40, y: 20, width: 64, height: 48, parent: frame });
    const prepared = await prepareSourceAsync(photo as unknown as SceneNode, 'outpaint', {}, maskSearch([]));
    if (!prepared.ok) throw new Error('not a source');
    expect((await summarizeSourceAsync(prepared.source, {})).outpaint).toEqual({ target: 'frame', name: 'Banner', width: 300, height: 200 });
    expect((await summarizeSourceAsync(prepared.source, { outpaintSides: 10 })).outpaint).toEqual({ target: 'sides', width: 84, height: 68 });
    expect((await summarizeSourceAsync(prepared.source, { aspectRatio: 2 })).outpaint).toEqual({ target: 'ratio', width: 96, height: 48 });
  });

  it('keeps a margin that would pass 4096 px within it, scaled down with a notice', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 0, y: 0, width: 64, height: 48 });
    const job = await outpaintJobAsync(photo, { outpaintSides: 3000 });
    // 6064 × 6048 at full size; the longer side becomes 4096.
    expect(job.canvas).toEqual({ width: 4096, height: 4085 });
    expect(job.notices).toEqual(['“Photo” is outpainted at 4096 × 4085 px, 68% of full size: Figma images stop at 4096 px per side.']);
    const [[a, , e], [, d, f]] = job.imageTransform;
    expect(a).toBeCloseTo(4096 / 6064, 6);
    expect(d).toBeCloseTo(4085 / 6048, 6);
    // Still centred: the margin is the same on the left and the right, the top and the bottom.
    expect(e).toBeCloseTo(4096 - (e + 64 * a), 6);
    expect(f).toBeCloseTo(4085 - (f + 48 * d), 6);
  });
});
