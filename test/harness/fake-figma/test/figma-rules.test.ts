/**
 * Where Figma is stricter than a naive fake: each case checks the fake against the doc comment it follows
 * (node_modules/@figma/plugin-typings/plugin-api.d.ts, quoted in each test) or, where noted, Figma's message.
 */
import { describe, expect, it } from 'vitest';
import { createFakeFigma, NOTIFY_LIMIT, PLUGIN_DATA_ENTRY_LIMIT, RELAUNCH_DESCRIPTION_LIMIT, settle, type FakeFigma } from '../index.js';
import { decoded, png, quadrantsRgba, solidRgba } from './helpers.js';

/** A component "Card" › "Inner" › "Photo", and an instance of it at (300, 10). */
function cardAndInstance(fake: FakeFigma) {
  const component = fake.addComponent({ name: 'Card', width: 200, height: 100 });
  const inner = fake.addFrame({ name: 'Inner', width: 100, height: 80, parent: component });
  fake.addRectangle({ name: 'Photo', width: 40, height: 30, parent: inner });
  const instance = fake.addInstance({ component, x: 300, y: 10 });
  return { component, inner, instance };
}

describe('fake figma: components and instances', () => {
  it('an instance copies its component’s layers and refuses new ones, inside it or inside its layers', () => {
    // Figma's error (issue #19): "Cannot move node. New parent is an instance or is inside of an instance".
    const fake = createFakeFigma();
    const { component, inner, instance } = cardAndInstance(fake);
    expect(instance.type).toBe('INSTANCE');
    expect(instance.mainComponent).toBe(component);
    const copiedInner = instance.children[0] as typeof inner;
    expect(copiedInner.name).toBe('Inner');
    expect(copiedInner.id).not.toBe(inner.id);
    expect(copiedInner.children.map((c) => c.name)).toEqual(['Photo']);
    expect(fake.api.currentPage.children).toEqual([component, instance]);

    const stray = fake.api.createRectangle();
    expect(() => instance.appendChild(stray)).toThrow('Cannot move node. New parent is an instance or is inside of an instance');
    expect(() => copiedInner.insertChild(0, stray)).toThrow('Cannot move node. New parent is an instance or is inside of an instance');
    // The refused layer stays where createRectangle put it: on the page (what the plugin must clean up).
    expect(stray.parent).toBe(fake.api.currentPage);
    // The main component takes new layers.
    inner.appendChild(stray);
    expect(stray.parent).toBe(inner);
  });

  it('components and component sets have auto-layout: their children stack and x/y follow the layout', () => {
    // plugin-api.d.ts, relativeTransform: "The translation components m02 and m12 of the transform matrix is
    // automatically computed in children of auto-layout frames." Components have the same layout properties.
    const fake = createFakeFigma();
    const row = fake.addComponent({ name: 'Row', width: 300, height: 80, layoutMode: 'HORIZONTAL', itemSpacing: 10, padding: 5 });
    const a = fake.addRectangle({ name: 'A', width: 50, height: 20, parent: row });
    const b = fake.addRectangle({ name: 'B', width: 30, height: 20, parent: row });
    expect([a.x, b.x]).toEqual([5, 65]);
    b.x = 200; // ignored in auto-layout
    expect(b.x).toBe(65);
    const added = fake.api.createRectangle();
    row.insertChild(1, added);
    expect(b.x).toBe(65 + 100 + 10); // the new layer joined the layout and pushed B
    added.layoutPositioning = 'ABSOLUTE';
    expect(b.x).toBe(65);
  });

  it('with skipInvisibleInstanceChildren on, getNodeByIdAsync answers null for a hidden layer in an instance and for what it holds', async () => {
    // plugin-api.d.ts, skipInvisibleInstanceChildren: "PluginAPI.getNodeByIdAsync will return a promise containing
    // null" for "invisible nodes (and their descendants) inside instances".
    const fake = createFakeFigma();
    const { inner, instance } = cardAndInstance(fake);
    const hidden = instance.children[0] as typeof inner;
    const held = instance.findOne((node) => node.name === 'Photo')!;
    hidden.visible = false;
    inner.visible = false;
    fake.api.skipInvisibleInstanceChildren = true;
    expect(await fake.api.getNodeByIdAsync(hidden.id)).toBeNull();
    expect(await fake.api.getNodeByIdAsync(held.id)).toBeNull();
    // Outside instances, and with the flag off, hidden layers are found.
    expect(await fake.api.getNodeByIdAsync(inner.id)).toBe(inner);
    fake.api.skipInvisibleInstanceChildren = false;
    expect(await fake.api.getNodeByIdAsync(hidden.id)).toBe(hidden);
  });

  it('a section holds layers positioned from its corner', () => {
    const fake = createFakeFigma();
    const section = fake.addSection({ name: 'Section', x: 100, y: 50, width: 400, height: 300 });
    const r = fake.addRectangle({ name: 'R', x: 10, y: 20, width: 10, height: 10, parent: section });
    expect(r.absoluteTransform).toEqual([
      [1, 0, 110],
      [0, 1, 70],
    ]);
  });
});

describe('fake figma: image paints', () => {
  it('turns FILL, FIT and TILE images by their rotation in 90° steps and refuses other angles', async () => {
    // plugin-api.d.ts, ImagePaint.rotation: "Applicable only for scaleMode == "TILE" | "FILL" | "FIT" (automatic for
    // scaleMode == "CROP"). Determines the rotation of the image within the layer. Must be in increments of +90."
    const fake = createFakeFigma();
    const image = fake.api.createImage(png(quadrantsRgba(40, 20)));
    const layer = fake.addRectangle({ width: 20, height: 40 });
    expect(() => (layer.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash, rotation: 45 }])).toThrow('increments of 90');
    layer.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash, rotation: 90 }];
    // A quarter turn of a 40×20 image fills a 20×40 layer exactly (nothing cropped). Counterclockwise (the
    // fake's reading; the docs don't say): the top-right (green) quadrant comes to the top-left.
    const out = decoded(await layer.exportAsync());
    expect([out.width, out.height]).toEqual([20, 40]);
    expect(out.px(5, 5)).toEqual([0, 255, 0, 255]);
    expect(out.px(15, 5)).toEqual([255, 255, 255, 255]);
    expect(out.px(5, 35)).toEqual([255, 0, 0, 255]);
    expect(out.px(15, 35)).toEqual([0, 0, 255, 255]);
  });

  it('draws an image through its filters and its paint opacity', async () => {
    // plugin-api.d.ts, ImagePaint.filters: "The values for the image filter slides, equivalent to those in the
    // paint picker. All values default to 0.0 and have range -1.0 to +1.0."
    const fake = createFakeFigma();
    const image = fake.api.createImage(png(solidRgba(4, 4, [64, 64, 64])));
    const layer = fake.addRectangle({ width: 4, height: 4 });
    expect(() => (layer.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash, filters: { exposure: 2 } }])).toThrow('from -1 to 1');
    layer.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash, filters: { exposure: 0.5 }, opacity: 0.5 }];
    const [r, , , a] = decoded(await layer.exportAsync()).px(1, 1);
    expect(r).toBe(128); // 64 · 2^(2·0.5)
    expect(a).toBe(128); // half opacity
  });
});

describe('fake figma: strokes', () => {
  it('draws a rectangle’s or an ellipse’s stroke inside, across or outside its outline, and its render bounds hold it', async () => {
    // plugin-api.d.ts, strokeAlign: "Center-aligned stroke means the center of the stroke falls exactly on the
    // geometry. Inside-aligned stroke shifts the stroke so it lies completely inside the shape, and
    // outside-aligned stroke is vice versa."
    const fake = createFakeFigma();
    const r = fake.addRectangle({ x: 0, y: 0, width: 20, height: 20, color: '#0000ff' });
    r.strokes = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    r.strokeWeight = 4;
    r.strokeAlign = 'INSIDE';
    let out = decoded(await r.exportAsync());
    expect([out.width, out.height]).toEqual([20, 20]);
    expect(out.px(1, 10)).toEqual([255, 0, 0, 255]);
    expect(out.px(10, 10)).toEqual([0, 0, 255, 255]);
    r.strokeAlign = 'OUTSIDE';
    expect(r.absoluteRenderBounds).toEqual({ x: -4, y: -4, width: 28, height: 28 });
    out = decoded(await r.exportAsync());
    expect(out.px(1, 14)).toEqual([255, 0, 0, 255]);
    expect(out.px(5, 14)).toEqual([0, 0, 255, 255]);
    const e = fake.addEllipse({ x: 100, y: 0, width: 20, height: 20, color: '#0000ff' });
    e.strokes = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    e.strokeWeight = 2;
    e.strokeAlign = 'CENTER';
    expect(e.absoluteRenderBounds).toEqual({ x: 99, y: -1, width: 22, height: 22 });
  });
});

describe('fake figma: limits', () => {
  it('figma.notify shows at most 100 characters', () => {
    // plugin-api.d.ts, notify: "The message to show. It is limited to 100 characters. Longer messages will be truncated."
    const fake = createFakeFigma();
    fake.api.notify('x'.repeat(150));
    expect(fake.notifications[0]!.message).toBe('x'.repeat(NOTIFY_LIMIT));
  });

  it('setRelaunchData throws past 1000 characters of description; plugin data past 100 kB', () => {
    // plugin-api.d.ts, setRelaunchData: "This method will throw if description exceeds 1000 characters".
    // plugin-api.d.ts, setPluginData: "The total size of your entry (pluginId, key, value) cannot exceed 100 kB."
    const fake = createFakeFigma();
    const r = fake.addRectangle();
    expect(() => r.setRelaunchData({ rerun: 'x'.repeat(RELAUNCH_DESCRIPTION_LIMIT + 1) })).toThrow('limit is 1000');
    r.setRelaunchData({ rerun: 'x'.repeat(RELAUNCH_DESCRIPTION_LIMIT) });
    expect(() => r.setPluginData('k', 'x'.repeat(PLUGIN_DATA_ENTRY_LIMIT))).toThrow('100 kB');
    r.setPluginData('k', 'x'.repeat(PLUGIN_DATA_ENTRY_LIMIT - 1));
  });

  it('insertChild refuses an index past the end', () => {
    // plugin-api.d.ts, insertChild: "insertChild(4, D) throws an error since the group originally only has 3 children"
    const fake = createFakeFigma();
    const frame = fake.addFrame();
    const kids = [0, 1, 2].map(() => fake.addRectangle({ parent: frame }));
    const d = fake.api.createRectangle();
    expect(() => frame.insertChild(4, d)).toThrow('out of range');
    frame.insertChild(3, d);
    expect(frame.children).toEqual([...kids, d]);
    // Moving within the same parent: the index counts the children without the moved one.
    expect(() => frame.insertChild(4, kids[0]!)).toThrow('out of range');
  });

  it('relativeTransform must have unit axes', () => {
    // plugin-api.d.ts, relativeTransform: "The transform always has unit axes. That is,
    // sqrt(m00^2 + m10^2) == sqrt(m01^2 + m11^2) == 1."
    const fake = createFakeFigma();
    const r = fake.addRectangle();
    expect(() => (r.relativeTransform = [[2, 0, 0], [0, 1, 0]])).toThrow('unit axes');
    r.relativeTransform = [[0, 1, 5], [-1, 0, 7]];
    expect(r.rotation).toBeCloseTo(90, 9);
  });
});

describe('fake figma: removed nodes', () => {
  it('throw on reading their properties; id, type, removed and parent stay readable', () => {
    // plugin-api.d.ts, removed: "If your plugin stays open for a while and stores references to nodes, you should
    // write your code defensively and check that the nodes haven't been removed by the user."
    const fake = createFakeFigma();
    const r = fake.addRectangle({ name: 'Gone' });
    r.remove();
    expect([r.removed, r.type, r.parent]).toEqual([true, 'RECTANGLE', null]);
    for (const read of [() => r.name, () => r.visible, () => r.fills, () => r.absoluteTransform, () => r.width, () => r.getPluginData('k')]) {
      expect(read).toThrow(`The node with id "${r.id}" does not exist`);
    }
  });
});

describe('fake figma: pages and async lookups', () => {
  it('a plugin starts with only the current page loaded; searching another throws until loadAsync', async () => {
    // plugin-api.d.ts, ChildrenMixin.findAll: "If the manifest contains "documentAccess": "dynamic-page", and the
    // node is a PageNode, you must first call PageNode.loadAsync to access this function."
    const fake = createFakeFigma();
    const second = fake.addPage('Page 2');
    fake.addRectangle({ name: 'Elsewhere', parent: second });
    fake.startRun('remove');
    expect(() => second.findAll()).toThrow('loadAsync');
    expect(() => second.children).toThrow('loadAsync');
    expect(fake.api.currentPage.findAll()).toEqual([]);
    await second.loadAsync();
    expect(second.findAll().map((n) => n.name)).toEqual(['Elsewhere']);
  });

  it('setCurrentPageAsync switches pages and fires currentpagechange; each page keeps its selection', async () => {
    const fake = createFakeFigma();
    const first = fake.api.currentPage;
    const a = fake.addRectangle({ name: 'A' });
    await fake.select([a]);
    const second = fake.addPage('Page 2');
    let changes = 0;
    fake.api.on('currentpagechange', () => changes++);
    await fake.api.setCurrentPageAsync(second);
    expect(fake.api.currentPage).toBe(second);
    expect(changes).toBe(1);
    expect(second.selection).toEqual([]);
    expect(first.selection).toEqual([a]);
    expect(fake.api.createRectangle().parent).toBe(second);
  });

  it('getNodeByIdAsync answers a turn of the event loop later, after the document may have changed', async () => {
    // plugin-api.d.ts, getNodeByIdAsync returns a Promise; the id docs: "This will return null if the node is no
    // longer present in the document."
    const fake = createFakeFigma();
    const r = fake.addRectangle();
    const lookup = fake.api.getNodeByIdAsync(r.id);
    await settle(); // microtasks alone don't answer it
    r.remove();
    expect(await lookup).toBeNull();
  });
});

describe('fake figma: quick-action parameters', () => {
  it('refuses setError on a parameter with allowFreeform', async () => {
    // plugin-api.d.ts, SuggestionResults.setError: "This function is *not* available on parameters with `allowFreeform` set."
    const fake = createFakeFigma({
      manifest: { menu: [{ command: 'go', parameters: [{ key: 'free', allowFreeform: true }, { key: 'strict' }] }] },
    });
    fake.startRun('go');
    const errors: unknown[] = [];
    fake.api.parameters.on('input', ({ result }) => {
      try {
        result.setError('no');
      } catch (error) {
        errors.push(error);
      }
    });
    expect((await fake.typeParameter('strict', 'x')).error).toBe('no');
    expect((await fake.typeParameter('free', 'x')).error).toBeUndefined();
    expect(String(errors[0])).toContain('allowFreeform');
  });
});

describe('fake figma: masks', () => {
  it('a layer with isMask is not drawn and clips the layers above it to its outline', async () => {
    // plugin-api.d.ts, isMask: "a mask node masks all of its subsequent siblings"
    const fake = createFakeFigma();
    const mask = fake.addRectangle({ name: 'Mask', x: 0, y: 0, width: 10, height: 10, color: '#000000' });
    const above = fake.addRectangle({ name: 'Above', x: 0, y: 0, width: 20, height: 10, color: '#00ff00' });
    const group = fake.addGroup({ name: 'Masked', nodes: [mask, above] });
    mask.isMask = true;
    const out = decoded(await group.exportAsync());
    expect(out.px(5, 5)).toEqual([0, 255, 0, 255]);
    expect(out.px(15, 5)[3]).toBe(0);
  });
});
