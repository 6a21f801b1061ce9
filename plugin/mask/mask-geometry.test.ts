/**
 * Masks drawn in Figma arrive in the source image's pixels: each case renders the page with the fake figma
 * (which samples the image through the layer's transforms and scale mode on its own) and checks that every
 * image pixel showing under the shape is masked, and none showing clear of it is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma, FakeSceneNode, Transform } from '../../test/harness/fake-figma/index.js';
import type { SourceMessage } from '../protocol/messages.js';
import { renderRegion } from '../../test/harness/fake-figma/raster/export.js';
import { maskAt, rasterizeMask, type MaskRaster } from '../testing/mask-raster.js';
import { coordinateImage } from '../testing/pixels.js';
import { createInstalledFakeFigma, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const IMAGE = coordinateImage(64, 48);
const RED = '#ff0000';

async function loadSourceAsync(source: FakeSceneNode, select: FakeSceneNode[] = [source]): Promise<SourceMessage> {
  fake.resetUndoHistory();
  await fake.select(select);
  await runCommandAsync(fake, 'remove');
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  return sendAndAwaitAsync(fake, { type: 'load-source', requestId: 'editor', sourceId: source.id, task: 'remove' }, 'source');
}

function maskOf(message: SourceMessage): MaskRaster {
  return rasterizeMask(message.masks.flatMap((shape) => shape.paths), message.canvas.width, message.canvas.height);
}

/**
 * For page pixels deep inside (or clear of) the shape, the image pixel the source shows there must be masked
 * (or not). `canvasPixel` maps a rendered source pixel to the canvas pixel it shows.
 */
function expectMaskUnderShapes(
  source: FakeSceneNode,
  shapes: FakeSceneNode[],
  mask: MaskRaster,
  canvasPixel: (rgba: number[], pageX: number, pageY: number) => { x: number; y: number },
): void {
  const box = fake.renderNode(source);
  const region = { x: box.x - 10, y: box.y - 10, width: box.width + 20, height: box.height + 20 };
  // Each drawn alone (the fake's renderer, read-only reuse): no frame fills or other layers in the way.
  const pictured = renderRegion([source], fake.document.images, { region });
  const covered = renderRegion(shapes, fake.document.images, { region });
  const { width, height } = pictured;
  const alpha = (x: number, y: number) => covered.data[(y * width + x) * 4 + 3] ?? 0;
  const margin = 3;
  let inside = 0;
  let outside = 0;
  for (let y = margin; y < height - margin; y++) {
    for (let x = margin; x < width - margin; x++) {
      const i = (y * width + x) * 4;
      if (pictured.data[i + 3] !== 255) continue;
      let all = true;
      let none = true;
      for (let dy = -margin; dy <= margin; dy++) {
        for (let dx = -margin; dx <= margin; dx++) {
          const a = alpha(x + dx, y + dy);
          if (a !== 255) all = false;
          if (a !== 0) none = false;
        }
      }
      if (!all && !none) continue;
      const p = canvasPixel(Array.from(pictured.data.subarray(i, i + 4)), region.x + x + 0.5, region.y + y + 0.5);
      const value = maskAt(mask, Math.floor(p.x), Math.floor(p.y));
      if (all) {
        inside++;
        expect(value, `page (${x}, ${y}) is under the shape: canvas (${p.x}, ${p.y})`).toBeGreaterThanOrEqual(0.5);
      } else {
        outside++;
        expect(value, `page (${x}, ${y}) is clear of the shape: canvas (${p.x}, ${p.y})`).toBeLessThanOrEqual(0.5);
      }
    }
  }
  expect(inside).toBeGreaterThan(200);
  expect(outside).toBeGreaterThan(200);
}

/** The image pixel a rendered source pixel shows, from its red and green (4·x, 4·y, bilinear). */
const imagePixel = (rgba: number[]) => ({ x: (rgba[0] ?? 0) / 4 + 0.5, y: (rgba[1] ?? 0) / 4 + 0.5 });

describe('mask shapes in the image’s pixels', () => {
  it('an ellipse above an unrotated photo', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 40, y: 30, width: 128, height: 96 });
    const ellipse = fake.addEllipse({ name: 'Ellipse', x: 60, y: 50, width: 70, height: 50, color: RED });
    const source = await loadSourceAsync(photo);

    expect(source.maskRule).toBe('above');
    expect(source.masks.map((shape) => [shape.id, shape.name])).toEqual([[ellipse.id, 'Ellipse']]);
    expect(source.canvas).toEqual({ width: 64, height: 48 });
    expectMaskUnderShapes(photo, [ellipse], maskOf(source), imagePixel);
  });

  it('a rotated star over a rotated photo nested in a rotated frame', async () => {
    const frame = fake.addFrame({ name: 'Tilted', x: 300, y: 40, width: 300, height: 260, rotation: 15, color: '#ffffff' });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 60, y: 70, width: 128, height: 96, rotation: 30, parent: frame });
    const star = fake.api.createStar();
    frame.appendChild(star);
    star.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    star.resize(80, 70);
    star.rotation = -20;
    star.x = 80;
    star.y = 20;
    const source = await loadSourceAsync(photo);

    expect(source.masks.map((shape) => shape.id)).toEqual([star.id]);
    expectMaskUnderShapes(photo, [star as unknown as FakeSceneNode], maskOf(source), imagePixel);
  });

  it('a pen path named "Mask" over a flipped photo', async () => {
    const photo = fake.addImageLayer({ name: 'Mirrored', rgba: IMAGE, width: 128, height: 96 });
    photo.relativeTransform = [[-1, 0, 250], [0, 1, 40]] as Transform;
    fake.addRectangle({ name: 'Unrelated box', x: 500, y: 500, width: 10, height: 10, color: '#000000' });
    const pen = fake.addVector({ name: 'Mask', paths: 'M 140 50 C 200 40 230 90 200 120 L 150 110 Q 130 80 140 50 Z', fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] });
    const source = await loadSourceAsync(photo);

    expect(source.maskRule).toBe('named');
    expect(source.masks.map((shape) => shape.name)).toEqual(['Mask']);
    expectMaskUnderShapes(photo, [pen], maskOf(source), imagePixel);
  });

  it('a polygon over a FIT image (mask in the image, not in the layer’s box)', async () => {
    const photo = fake.addImageLayer({ name: 'Fit', rgba: IMAGE, x: 20, y: 20, width: 200, height: 96, scaleMode: 'FIT' });
    const polygon = fake.api.createPolygon();
    polygon.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    polygon.pointCount = 5;
    polygon.resize(90, 80);
    polygon.x = 70;
    polygon.y = 30;
    const source = await loadSourceAsync(photo);

    expect(source.canvas).toEqual({ width: 64, height: 48 });
    expectMaskUnderShapes(photo, [polygon as unknown as FakeSceneNode], maskOf(source), imagePixel);
  });

  it('a group of shapes selected with a photo stretched by a CROP fill', async () => {
    const photo = fake.addImageLayer({
      name: 'Stretched', rgba: IMAGE, x: 30, y: 30, width: 128, height: 150, scaleMode: 'CROP', imageTransform: [[1, 0, 0], [0, 1, 0]],
    });
    const a = fake.addRectangle({ name: 'A', x: 50, y: 50, width: 30, height: 60, rotation: 10, color: RED });
    const b = fake.addEllipse({ name: 'B', x: 100, y: 120, width: 50, height: 40, color: RED });
    const group = fake.addGroup({ name: 'Marks', nodes: [a, b] });
    fake.addEllipse({ name: 'Ignored: not selected', x: 40, y: 40, width: 10, height: 10, color: RED });
    const source = await loadSourceAsync(photo, [photo, group]);

    expect(source.maskRule).toBe('selected');
    expect(source.masks.map((shape) => shape.name)).toEqual(['Marks']);
    expectMaskUnderShapes(photo, [a, b], maskOf(source), imagePixel);
  });

  it('a union of two rectangles (one rotated, one mirrored) over a rotated photo', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 80, y: 30, width: 128, height: 96, rotation: 25 });
    const a = fake.addRectangle({ name: 'A', x: 70, y: 40, width: 70, height: 30, rotation: -15, color: RED });
    const b = fake.addRectangle({ name: 'B', width: 30, height: 80, color: RED });
    b.relativeTransform = [[-1, 0, 150], [0, 1, 30]] as Transform; // mirrored: its outline runs the other way round
    const union = fake.api.union([a, b], fake.page);
    const source = await loadSourceAsync(photo);

    expect(source.maskRule).toBe('above');
    expect(source.masks.map((shape) => [shape.id, shape.name])).toEqual([[union.id, 'Union']]);
    expect(source.masks[0]!.paths.map((path) => path.windingRule)).toEqual(['NONZERO']);
    expectMaskUnderShapes(photo, [union as unknown as FakeSceneNode], maskOf(source), imagePixel);
  });

  it('an ellipse over a rotated, cropped photo (read as an export)', async () => {
    const photo = fake.addImageLayer({ name: 'Cropped', rgba: IMAGE, x: 80, y: 60, width: 128, height: 64, rotation: 20 });
    const ellipse = fake.addEllipse({ name: 'Blemish', x: 110, y: 20, width: 60, height: 50, color: RED });
    const source = await loadSourceAsync(photo);

    const bounds = photo.absoluteRenderBounds!;
    expect(source.kind).toBe('image');
    expect(source.imageTransform).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(source.canvas.width / bounds.width).toBeCloseTo(0.5, 2);
    const scale = source.canvas.width / bounds.width;
    expectMaskUnderShapes(photo, [ellipse], maskOf(source), (_rgba, pageX, pageY) => ({ x: (pageX - bounds.x) * scale, y: (pageY - bounds.y) * scale }));
  });
});

describe('which shapes count', () => {
  it('lists the mask layers in the selection message before anything runs, and not shapes below or apart', async () => {
    fake.addEllipse({ name: 'Below', x: 50, y: 50, width: 30, height: 30, color: RED });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 40, y: 30, width: 128, height: 96 });
    const above = fake.addRectangle({ name: 'Above', x: 60, y: 60, width: 20, height: 20, color: RED });
    fake.addRectangle({ name: 'Apart', x: 400, y: 400, width: 20, height: 20, color: RED });
    fake.addImageLayer({ name: 'Another image above', rgba: IMAGE, x: 50, y: 40, width: 20, height: 20 });
    await fake.select([photo]);
    await runCommandAsync(fake, 'remove');
    const selection = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');

    expect(selection.sources[0]).toMatchObject({ maskRule: 'above', maskLayers: [{ id: above.id, name: 'Above' }] });
  });

  it('hides the shapes used, in the same undo step as the new layer', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: IMAGE, x: 40, y: 30, width: 128, height: 96 });
    const ellipse = fake.addEllipse({ name: 'Ellipse', x: 60, y: 50, width: 70, height: 50, color: RED });
    fake.resetUndoHistory();
    await fake.select([photo]);
    await runCommandAsync(fake, 'remove');
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    const before = fake.snapshot();
    const job = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'remove', options: {} }, 'job');
    expect(job.masks.map((shape) => shape.id)).toEqual([ellipse.id]);

    const png = job.image;
    await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images: [{ png, x: 0, y: 0, width: 64, height: 48, variation: 0 }] }, 'result-placed');
    expect(ellipse.visible).toBe(false);
    expect(ellipse.removed).toBe(false);

    fake.undo();
    expect(ellipse.visible).toBe(true);
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });
});
