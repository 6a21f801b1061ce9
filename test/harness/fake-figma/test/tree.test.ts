import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../index.js';

describe('fake figma: node tree', () => {
  it('creates nodes on the current page with Figma-style ids and defaults', () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    const e = api.createEllipse();
    expect(r.id).toMatch(/^\d+:\d+$/);
    expect(r.id).not.toBe(e.id);
    expect(r.parent).toBe(api.currentPage);
    expect(api.currentPage.children).toEqual([r, e]);
    expect(api.currentPage.parent).toBe(api.root);
    expect([r.type, r.name, r.width, r.height, r.x, r.y, r.rotation]).toEqual(['RECTANGLE', 'Rectangle', 100, 100, 0, 0, 0]);
    expect(Object.isFrozen(r.fills)).toBe(true);
    expect(Object.isFrozen(api.currentPage.children)).toBe(true);
  });

  it("has 'children' only on containers and 'fills' only where Figma has them", () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    const f = api.createFrame();
    const g = api.group([r], api.currentPage);
    expect('children' in r).toBe(false);
    expect('children' in f && 'children' in g).toBe(true);
    expect('fills' in g).toBe(false);
    expect('fills' in f && 'fills' in r).toBe(true);
  });

  it('appendChild/insertChild reorder and reparent; cycles are refused', () => {
    const { api } = createFakeFigma();
    const a = api.createRectangle();
    const b = api.createRectangle();
    const frame = api.createFrame();
    frame.appendChild(a);
    frame.insertChild(0, b);
    expect(frame.children).toEqual([b, a]);
    expect(a.parent).toBe(frame);
    expect(api.currentPage.children).toEqual([frame]);
    const inner = api.createFrame();
    frame.appendChild(inner);
    expect(() => inner.appendChild(frame)).toThrow(/into itself/);
  });

  it('remove() marks the subtree removed; an emptied group disappears', () => {
    const { api } = createFakeFigma();
    const frame = api.createFrame();
    const child = api.createRectangle();
    frame.appendChild(child);
    frame.remove();
    expect(frame.removed && child.removed).toBe(true);
    expect(frame.parent).toBeNull();
    expect(() => (child.name = 'x')).toThrow(/does not exist/);

    const r = api.createRectangle();
    const g = api.group([r], api.currentPage);
    r.remove();
    expect(g.removed).toBe(true);
  });

  it('findAll / findOne search depth-first below the node', () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ name: 'F' });
    fake.addRectangle({ name: 'A', parent: frame });
    fake.addEllipse({ name: 'B' });
    expect(fake.api.currentPage.findAll().map((n) => n.name)).toEqual(['F', 'A', 'B']);
    expect(fake.api.currentPage.findOne((n) => n.type === 'ELLIPSE')?.name).toBe('B');
    expect(frame.findAll((n) => n.name === 'B')).toEqual([]);
    expect(fake.findByName('A')?.parent).toBe(frame);
  });

  it('getNodeById throws under dynamic-page; getNodeByIdAsync resolves, null when removed', async () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    expect(() => api.getNodeById(r.id)).toThrow(/dynamic-page/);
    expect(await api.getNodeByIdAsync(r.id)).toBe(r);
    r.remove();
    expect(await api.getNodeByIdAsync(r.id)).toBeNull();
    const legacy = createFakeFigma({ documentAccess: 'default' });
    const n = legacy.api.createEllipse();
    expect(legacy.api.getNodeById(n.id)).toBe(n);
  });

  it('plugin data round-trips and shows in the snapshot', () => {
    const fake = createFakeFigma();
    const r = fake.addRectangle({ name: 'R', x: 10, y: 20, width: 30, height: 40, color: '#ff0000' });
    r.setPluginData('source', '1:2');
    r.setRelaunchData({ open: 'Open PowerPaint' });
    expect(r.getPluginData('source')).toBe('1:2');
    expect(r.getPluginData('missing')).toBe('');
    const snap = fake.snapshot().nodes[0]!;
    expect(snap).toMatchObject({ id: r.id, type: 'RECTANGLE', name: 'R', parentId: fake.page.id, index: 0, x: 10, y: 20, width: 30, height: 40 });
    expect(snap.fills).toEqual([{ type: 'SOLID', color: '#ff0000', opacity: 1, visible: true }]);
    expect(snap.pluginData).toEqual({ source: '1:2' });
    expect(JSON.parse(JSON.stringify(fake.snapshot()))).toEqual(fake.snapshot());
  });

  it('validates fills like Figma (colour channels 0..1, no alpha in color)', () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    expect(() => (r.fills = [{ type: 'SOLID', color: { r: 255, g: 0, b: 0 } }])).toThrow(/between 0 and 1/);
    expect(() => (r.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0, a: 1 } as RGB }])).toThrow(/'a'/);
    r.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 }, opacity: 0.5 }];
    expect(r.fills[0]).toMatchObject({ type: 'SOLID', opacity: 0.5, visible: true, blendMode: 'NORMAL' });
  });
});
