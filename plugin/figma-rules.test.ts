/**
 * The plugin against the Figma rules the fake now models (issue #19): results for layers inside instances, turned
 * image fills, fill filters and opacity on patches, Figma's limits and masks, shaped layers, and checks where the
 * docs are silent (an export's region). Auto-layout on components: write-back/write-back.test.ts.
 */
import { decode } from 'fast-png';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodePng, FakeBaseNode, FakeSceneNode, type FakeFigma, type FakeRectangleNode, type NodeSnapshot } from '../test/harness/fake-figma/index.js';
import { paintedMask, startJobAsync, wholeResult } from './testing/jobs.js';
import { maskAt, rasterizeMask } from './testing/mask-raster.js';
import { coordinateImage, cropPng, invertedPng, pattern, solidPng } from './testing/pixels.js';
import { awaitPostedAsync, createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from './testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const nodeIn = (nodes: NodeSnapshot[], id: string) => nodes.find((node) => node.id === id);

function expectSameTransform(actual: number[][] | undefined, expected: number[][] | undefined): void {
  expect(actual?.flat().length).toBe(6);
  actual?.flat().forEach((value, i) => expect(value).toBeCloseTo(expected?.flat()[i] ?? NaN, 6));
}

describe('a source inside an instance', () => {
  /** A photo two frames deep in a component; an instance of it, turned, inside a screen frame, with a layer above. */
  async function photoInInstanceAsync() {
    const component = fake.addComponent({ name: 'Card', x: 0, y: 500, width: 200, height: 150 });
    const holder = fake.addFrame({ name: 'Holder', x: 10, y: 10, width: 150, height: 120, parent: component });
    fake.addImageLayer({ name: 'Photo', rgba: pattern(), x: 20, y: 15, width: 60, height: 40, rotation: 20, parent: holder });
    const screen = fake.addFrame({ name: 'Screen', x: 300, y: 40, width: 500, height: 400 });
    const instance = fake.addInstance({ component, name: 'Card instance', x: 50, y: 60, rotation: 10, parent: screen });
    fake.addRectangle({ name: 'Header', x: 0, y: 0, width: 500, height: 30, color: '#222222', parent: screen });
    const photo = instance.findOne((node) => node.name === 'Photo') as FakeRectangleNode;
    fake.resetUndoHistory();
    await fake.select([photo]);
    return { screen, instance, photo };
  }

  it('places the result beside the outermost instance, exactly over the source, in one undo step', async () => {
    // Before: insertChild into the instance threw "Cannot move node. New parent is an instance or is inside of
    // an instance" after the rectangle was created, leaving it on the page.
    const { screen, instance, photo } = await photoInInstanceAsync();
    const before = fake.snapshot();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');

    const after = fake.snapshot();
    const layer = nodeIn(after.nodes, placed.layers[0]!.id);
    expect(layer).toMatchObject({ parentId: screen.id, index: (nodeIn(before.nodes, instance.id)?.index ?? NaN) + 1, width: 60, height: 40 });
    expectSameTransform(layer?.absoluteTransform, nodeIn(before.nodes, photo.id)?.absoluteTransform);
    // Nothing inside the instance changed, and nothing else was added anywhere (layers above moved up one index).
    const withoutIndex = (nodes: NodeSnapshot[]) => nodes.map(({ index: _index, ...node }) => node);
    expect(withoutIndex(after.nodes.filter((node) => node.id !== layer?.id))).toEqual(withoutIndex(before.nodes));
    expect(after.selection).toEqual([layer?.id]);
    fake.undo();
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });

  it('places a patch beside the instance over its region of the source', async () => {
    const { screen, photo } = await photoInInstanceAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const patch = { png: cropPng(pattern(), 2, 1, 3, 2), x: 2, y: 1, width: 3, height: 2, seed: 5, variation: 0 };
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images: [patch] }, 'result-placed');
    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);
    expect(layer.parent).toBe(screen);
    expect([layer.width, layer.height]).toEqual([30, 20]);
    // The patch's corner is the source's point (20, 10) in its own units (10 units per image pixel).
    const [[a, b, tx], [c, d, ty]] = photo.absoluteTransform;
    expectSameTransform(layer.absoluteTransform, [
      [a, b, tx + a * 20 + b * 10],
      [c, d, ty + c * 20 + d * 10],
    ]);
  });

  it('leaves nothing behind when Figma refuses a step of the placement', async () => {
    const { photo } = await photoInInstanceAsync();
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const before = fake.snapshot();
    const images = [0, 1].map((variation) => ({ png: invertedPng(job.image), x: 0, y: 0, width: 6, height: 4, seed: 10 + variation, variation }));
    // The second layer's relaunch data is refused, after the first layer was placed.
    const setRelaunchData = FakeBaseNode.prototype.setRelaunchData;
    let calls = 0;
    const refuse = vi.spyOn(FakeBaseNode.prototype, 'setRelaunchData').mockImplementation(function (this: FakeBaseNode, data) {
      if (++calls === 2) throw new Error('in setRelaunchData: refused');
      setRelaunchData.call(this, data);
    });
    try {
      const error = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images }, 'error');
      expect(error.message).toBe('PowerPaint could not place the result: in setRelaunchData: refused');
    } finally {
      refuse.mockRestore();
    }
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });
});

describe('image fills as Figma draws them', () => {
  it('reads a fill turned by a quarter as drawn, and its mask shapes land on the pixels under them', async () => {
    // Before: the fill's rotation was ignored: the job got the stored, unturned image and the mask was mapped
    // onto it as if it were upright.
    const photo = fake.addImageLayer({ name: 'Turned', rgba: coordinateImage(16, 12), x: 40, y: 30, width: 120, height: 160, fillRotation: 90 });
    // Over layer units (20..50, 30..80): canvas pixels (2..5, 3..8) at 10 units per pixel.
    const mask = fake.addRectangle({ name: 'Mask', x: 60, y: 60, width: 30, height: 50, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select([photo, mask]);
    const job = await startJobAsync(fake, photo, 'remove');

    const drawn = fake.renderNode(photo.id, { constraint: { type: 'SCALE', value: 0.1 } });
    expect(job.canvas).toEqual({ width: 12, height: 16 });
    const image = decode(job.image);
    expect([image.width, image.height]).toEqual([12, 16]);
    expect(Array.from(image.data as Uint8Array)).toEqual(Array.from(drawn.data));
    const masked = rasterizeMask(job.masks.flatMap((shape) => shape.paths), 12, 16);
    for (let y = 0; y < 16; y++) for (let x = 0; x < 12; x++) expect(maskAt(masked, x, y) >= 0.5).toBe(x >= 2 && x < 5 && y >= 3 && y < 8);
  });

  it('gives a patch the filters of the fill it was read from, opaque, and says why it is opaque', async () => {
    // Before: a patch was a plain FILL paint, unfiltered, over a filtered fill. A see-through patch would show
    // what it replaces, so results are opaque where the fill is not, with a notice.
    const source = coordinateImage(16, 12);
    const photo = fake.addImageLayer({
      name: 'Graded', rgba: source, x: 40, y: 30, width: 160, height: 120, filters: { exposure: 0.3, saturation: -0.5 }, paintOpacity: 0.6,
    });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(16, 12));
    // A result that changed nothing: the patch holds the source's own pixels.
    const patch = { png: cropPng(source, 4, 3, 6, 5), x: 4, y: 3, width: 6, height: 5, seed: 5, variation: 0 };
    const placed = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images: [patch] }, 'result-placed');
    expect(placed.notices).toEqual(['“Graded”’s image is 60% opaque; its results are placed fully opaque, so what they replace doesn’t show through them.']);
    const layer = fake.node<FakeRectangleNode>(placed.layers[0]!.id);

    // Inside the patch (a pixel's margin in from its edges) the colours are the fill's, filters included; opaque.
    const region = { x: 40 + 50, y: 30 + 40, width: 40, height: 30 };
    const withPatch = fake.renderPage({ region, background: false });
    layer.visible = false;
    const withoutPatch = fake.renderPage({ region, background: false });
    for (let i = 0; i < withPatch.data.length; i += 4) {
      for (let c = 0; c < 3; c++) expect(Math.abs(withPatch.data[i + c]! - withoutPatch.data[i + c]!)).toBeLessThanOrEqual(2);
      expect(withPatch.data[i + 3]).toBe(255);
    }
  });
});

describe('Figma’s limits on what a result layer stores', () => {
  it('quotes a long layer name shortened in the relaunch description, which Figma caps at 1,000 characters', async () => {
    // plugin-api.d.ts, setRelaunchData: "This method will throw if description exceeds 1000 characters".
    // Before: the description quoted the whole name, Figma threw and the result was not placed.
    const name = `Photo ${'x'.repeat(1200)}`;
    const photo = fake.addImageLayer({ name, rgba: pattern(), width: 60, height: 40 });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
    const layer = fake.node(placed.layers[0]!.id);
    const description = layer.getRelaunchData()['rerun'] ?? '';
    expect(description).toBe(`Remove object with seed 1234 on “${name.slice(0, 79)}…” again`);
    expect(JSON.parse(layer.getPluginData('powerpaint')).sourceName).toBe(name);
  });
});

describe('Figma masks', () => {
  it('are never taken as PowerPaint’s mask, so running never hides them', async () => {
    // plugin-api.d.ts, isMask: "a mask node masks all of its subsequent siblings". Before: a Figma mask named
    // "Mask" over the photo was taken by the 'named' rule and hidden, which unmasked the layers above it.
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), x: 0, y: 0, width: 60, height: 40 });
    const clip = fake.addEllipse({ name: 'Mask', x: 30, y: 0, width: 40, height: 40, color: '#000000' });
    const clipped = fake.addRectangle({ name: 'Clipped', x: 10, y: 10, width: 200, height: 20, color: '#00ff00' });
    fake.addGroup({ name: 'Masked group', nodes: [clip, clipped] });
    clip.isMask = true;
    const shape = fake.addRectangle({ name: 'Shape over photo', x: 5, y: 5, width: 20, height: 20, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove');
    expect(job.masks.map((mask) => mask.name)).toEqual(['Shape over photo']);
    await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
    expect(clip.visible).toBe(true);
    expect(shape.visible).toBe(false);
  });
});

describe('where the docs are silent: the export region', () => {
  /** A frame with a dot in it, selected: exported, since its children make the picture. */
  async function cardAsync() {
    const frame = fake.addFrame({ name: 'Card', x: 10, y: 10, width: 60, height: 40, color: '#ffffff' });
    fake.addRectangle({ name: 'Dot', x: 10, y: 10, width: 10, height: 10, color: '#ff0000', parent: frame });
    fake.resetUndoHistory();
    await fake.select([frame]);
    return frame;
  }

  type ExportAsync = (this: FakeSceneNode, ...settings: Parameters<FakeSceneNode['exportAsync']>) => Promise<Uint8Array>;

  /**
   * Opens Remove on the selected card and runs it, with Figma's export answered by `exportAs` if given; the run
   * must end in an error, with no job. Resolves with what the window was told.
   */
  async function refusedRunAsync(card: { id: string }, exportAs?: ExportAsync): Promise<{ problem: string | null; error: string }> {
    const exported = exportAs && vi.spyOn(FakeSceneNode.prototype, 'exportAsync').mockImplementation(exportAs);
    try {
      await runCommandAsync(fake, 'remove');
      const { problem } = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
      const { message } = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [card.id], task: 'remove', options: {}, mask: paintedMask(60, 40) }, 'error');
      expect(postedToUi(fake).some((posted) => posted.type === 'job')).toBe(false);
      return { problem, error: message };
    } finally {
      exported?.mockRestore();
    }
  }

  it('refuses, saying why, when Figma’s export is not the size of the render bounds it is assumed to cover', async () => {
    // Before: the plan was stretched to whatever size came back, so masks and results landed off their pixels.
    const card = await cardAsync();
    const before = fake.snapshot();
    // As if Figma's export had included an effect's margin the bounds don't show.
    const { error } = await refusedRunAsync(card, async () => solidPng(80, 60, [255, 255, 255, 255]));
    expect(error).toBe(
      'Figma exported “Card” at 80 × 60 px, not the 60 × 40 px its bounds give, so PowerPaint can’t tell where its pixels belong and changed nothing. Run it on a flattened copy of the layer (⌘E), then run Remove object again.',
    );
    expect(fake.snapshot()).toEqual(before);
  });

  it('refuses, saying why, when the layer’s render bounds moved while Figma exported it', async () => {
    // A PNG has no offset: its pixels are placed where the render bounds were planned. Before: a layer moved during
    // the export was read as if it had stayed, and masks and results landed 7 units off its pixels.
    const card = await cardAsync();
    const exportAsync = FakeSceneNode.prototype.exportAsync;
    let moved = fake.snapshot();
    const { error } = await refusedRunAsync(card, async function (...settings) {
      const png = await exportAsync.apply(this, settings);
      card.x += 7;
      moved = fake.snapshot();
      return png;
    });
    expect(error).toBe(
      '“Card” moved or changed while Figma exported it, so PowerPaint can’t tell where its pixels belong and changed nothing. Leave it as it is until the run has started, then run Remove object again.',
    );
    expect(fake.snapshot()).toEqual(moved);
  });

  it('refuses a hidden layer that would be exported: Figma gives it no render bounds to place its pixels by', async () => {
    // plugin-api.d.ts, absoluteRenderBounds: "This value will be `null` if the node is invisible." Before: the
    // bounding box was taken instead, a guess at where the export's pixels belong.
    const card = await cardAsync();
    card.visible = false;
    fake.resetUndoHistory();
    const before = fake.snapshot();
    const why = '“Card” is hidden, and Figma gives no bounds for a hidden layer, so PowerPaint can’t tell where its pixels belong. Show it';
    expect(await refusedRunAsync(card)).toEqual({ problem: `${why}.`, error: `${why}, then run Remove object again.` });
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('results over image layers that are not plain rectangles', () => {
  /** A 60 × 40 photo as an ellipse, a rectangle with 12 px corners and one with a 4 px centred stroke. */
  function shapedPhotos() {
    const hash = fake.api.createImage(encodePng({ ...pattern(), data: new Uint8ClampedArray(pattern().data) })).hash;
    const fills: ImagePaint[] = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' }];
    const oval = fake.addEllipse({ name: 'Oval photo', x: 0, y: 0, width: 60, height: 40, fills });
    const rounded = fake.addRectangle({ name: 'Rounded photo', x: 100, y: 0, width: 60, height: 40, fills });
    rounded.cornerRadius = 12;
    const framed = fake.addRectangle({ name: 'Stroked photo', x: 200, y: 0, width: 60, height: 40, fills });
    framed.strokes = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }];
    framed.strokeWeight = 4;
    framed.strokeAlign = 'CENTER';
    fake.resetUndoHistory();
    return { oval, rounded, framed };
  }

  /** Drawn alike: the same render bounds and the same coverage (alpha) everywhere. */
  function expectDrawnLike(layerId: string, sourceId: string): void {
    const drawnSource = fake.renderNode(sourceId);
    const drawnResult = fake.renderNode(layerId);
    expect([drawnResult.width, drawnResult.height, drawnResult.x, drawnResult.y]).toEqual([drawnSource.width, drawnSource.height, drawnSource.x, drawnSource.y]);
    for (let i = 3; i < drawnSource.data.length; i += 4) expect(drawnResult.data[i]).toBe(drawnSource.data[i]);
  }

  it('an ellipse’s, rounded or stroked rectangle’s whole result has its outline and stroke: drawn where the source is', async () => {
    // Before: every result was a plain square rectangle: image outside the source's outline, its stroke covered.
    const { oval, rounded, framed } = shapedPhotos();
    for (const source of [oval, rounded, framed]) {
      await fake.select([source]);
      const job = await startJobAsync(fake, source, 'remove', paintedMask(6, 4));
      const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
      const layer = fake.node(placed.layers[0]!.id);
      expect(layer.type).toBe(source.type);
      if (source === rounded) expect((layer as FakeRectangleNode).cornerRadius).toBe(12);
      expectDrawnLike(layer.id, source.id);
      // The stroke the result covers is drawn on it: its ring is black on both.
      if (source === framed) expect(Array.from(fake.renderNode(layer.id).data.subarray(0, 4))).toEqual(Array.from(fake.renderNode(source.id).data.subarray(0, 4)));
    }
  });

  it('asked for patches, gets whole results in the layer’s shape instead, and says why', async () => {
    // Before: the job asked for nothing else, and the patch became a square rectangle over the ellipse's
    // corners, the rounded corners or the stroke.
    const { oval, rounded, framed } = shapedPhotos();
    const why = {
      [oval.id]: '“Oval photo” is an ellipse: a rectangular patch would show image outside its outline, so its results are placed as whole layers in its shape.',
      [rounded.id]: '“Rounded photo” has rounded corners: a rectangular patch would show square corners where it shows none, so its results are placed as whole layers in its shape.',
      [framed.id]: '“Stroked photo” has a stroke: a rectangular patch would cover its stroke, so its results are placed as whole layers in its shape.',
    };
    for (const source of [oval, rounded, framed]) {
      await fake.select([source]);
      const job = await startJobAsync(fake, source, 'remove', paintedMask(6, 4), 'patch');
      expect(job).toMatchObject({ output: 'layer', notices: [why[source.id]] });
      const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
      expect(placed.notices).toEqual([why[source.id]]);
      const layer = fake.node(placed.layers[0]!.id);
      expect(layer).toMatchObject({ type: source.type, name: 'Remove · seed 1234', width: 60, height: 40 });
      expectDrawnLike(layer.id, source.id);
    }
  });

  it('still gets patches over a plain rectangle', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), width: 60, height: 40 });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4), 'patch');
    expect(job).toMatchObject({ output: 'patch', notices: [] });
  });

  it('refuses a patch sent for such a layer anyway, adding nothing and hiding no mask', async () => {
    // Before: the patch was placed as a square rectangle over the ellipse's edge.
    const { oval } = shapedPhotos();
    const mask = fake.addRectangle({ name: 'Mask', x: 20, y: 10, width: 20, height: 20, color: '#ff0000' });
    fake.resetUndoHistory();
    await fake.select([oval]);
    const job = await startJobAsync(fake, oval, 'remove', undefined, 'patch');
    const before = fake.snapshot();
    const patch = { png: cropPng(pattern(), 0, 0, 3, 2), x: 0, y: 0, width: 3, height: 2, seed: 5, variation: 0 };
    const error = await sendAndAwaitAsync(fake, { type: 'result', jobId: job.jobId, images: [patch] }, 'error');
    expect(error.message).toBe(
      'PowerPaint could not place the result: “Oval photo” is an ellipse: a rectangular patch would show image outside its outline, so PowerPaint placed nothing. Choose Output: Layer and insert the result again.',
    );
    expect(fake.snapshot()).toEqual(before);
    expect(mask.visible).toBe(true);
  });
});

describe('large results', () => {
  it('come one image per message and are placed together, in one undo step, once the last has come', async () => {
    // Several 4096 px PNGs in one message is what has crashed Figma: the window sends each on its own.
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), width: 60, height: 40 });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    const before = fake.snapshot();
    const part = (variation: number) => ({
      type: 'result' as const, jobId: job.jobId, parts: 2, images: [{ png: invertedPng(job.image), x: 0, y: 0, width: 6, height: 4, seed: 10 + variation, variation }],
    });
    const mark = postedToUi(fake).length;
    fake.sendFromUi(part(0));
    fake.sendFromUi(part(1));
    await awaitPostedAsync(fake, 'batch-done', mark);
    const placed = postedToUi(fake).slice(mark).filter((message) => message.type === 'result-placed');
    expect(placed.map((message) => message.layers.map((layer) => layer.name))).toEqual([['Remove · seed 10', 'Remove · seed 11']]);
    fake.undo();
    expect(fake.snapshot().nodes).toEqual(before.nodes);
  });
});

describe('two pages', () => {
  it('places a result over its source on its own page when the person switched pages meanwhile, leaving the other page’s selection', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pattern(), width: 60, height: 40 });
    const second = fake.addPage('Page 2');
    const elsewhere = fake.addRectangle({ name: 'Elsewhere', parent: second });
    fake.resetUndoHistory();
    await fake.select([photo]);
    const job = await startJobAsync(fake, photo, 'remove', paintedMask(6, 4));
    await fake.showPage(second);
    await fake.select([elsewhere]);

    const placed = await sendAndAwaitAsync(fake, wholeResult(job, invertedPng(job.image)), 'result-placed');
    const layer = fake.node(placed.layers[0]!.id);
    expect(layer.parent).toBe(photo.parent);
    expect(fake.api.currentPage).toBe(second);
    expect(second.selection).toEqual([elsewhere]);
    // The result is selected on its own page, where the person will find it on going back.
    expect(fake.document.pages[0]!.selection).toEqual([layer]);
  });
});
