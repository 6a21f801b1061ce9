import { describe, expect, it } from 'vitest';
import { createFakeFigma, multiply } from '../index.js';

const close = (a: number[][], b: number[][]): void => {
  a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 6)));
};

describe('fake figma: transforms', () => {
  it('rotation is counterclockwise-positive: relativeTransform = [[cos, sin, x], [-sin, cos, y]]', () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    r.rotation = 30;
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    close(r.relativeTransform, [
      [c, s, 0],
      [-s, c, 0],
    ]);
    // The top-right corner (w, 0) goes UP on screen (negative y).
    expect(r.absoluteTransform[1][0] * r.width).toBeLessThan(0);
    expect(r.rotation).toBeCloseTo(30, 9);
  });

  it('the rotation setter rotates about the top-left corner (x/y unchanged)', () => {
    const { api } = createFakeFigma();
    const r = api.createRectangle();
    r.x = 50;
    r.y = 60;
    r.rotation = 90;
    expect([r.x, r.y, r.width, r.height]).toEqual([50, 60, 100, 100]);
    // Rotated 90° CCW about (50, 60): the box now spans x 50..150, y -40..60.
    expect(r.absoluteBoundingBox).toEqual({ x: 50, y: -40, width: 100, height: 100 });
  });

  it('absoluteTransform composes nested frames; relativeTransform stays when reparenting', () => {
    const fake = createFakeFigma();
    const outer = fake.addFrame({ x: 100, y: 50, width: 400, height: 400, rotation: 90 });
    const inner = fake.addFrame({ x: 10, y: 20, width: 100, height: 100, parent: outer });
    const r = fake.addRectangle({ x: 5, y: 7, width: 10, height: 10, parent: inner });
    close(r.absoluteTransform, multiply(outer.relativeTransform, multiply(inner.relativeTransform, r.relativeTransform)));
    // Inner frame's (10,20) offset is rotated by the outer 90° CCW: x' = 100 + 20, y' = 50 - 10
    close(inner.absoluteTransform, [
      [0, 1, 120],
      [-1, 0, 40],
    ]);
    const before = r.relativeTransform;
    fake.page.appendChild(r);
    expect(r.relativeTransform).toEqual(before); // kept, so it moved on screen
    expect(r.absoluteTransform).toEqual(before);
  });

  it('group children stay relative to the container parent; the group derives its bounds', () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ x: 1000, y: 0, width: 500, height: 500 });
    const a = fake.addRectangle({ x: 10, y: 10, width: 20, height: 20, parent: frame });
    const b = fake.addRectangle({ x: 50, y: 40, width: 10, height: 10, parent: frame });
    const g = fake.api.group([a, b], frame);
    expect(a.parent).toBe(g);
    expect([a.x, a.y]).toEqual([10, 10]); // still relative to the frame
    expect([g.x, g.y, g.width, g.height]).toEqual([10, 10, 50, 40]);
    expect(g.absoluteBoundingBox).toEqual({ x: 1010, y: 10, width: 50, height: 40 });
    g.x = 110; // moving a group moves its children
    expect([a.x, b.x]).toEqual([110, 150]);
    g.rotation = 90; // rotating about its top-left
    expect(g.rotation).toBeCloseTo(90, 9);
    expect(a.rotation).toBeCloseTo(90, 9);
    expect([g.width, g.height]).toEqual([50, 40]);
  });

  it('figma.group keeps nodes where they are on the page when their container changes', () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ x: 300, y: 200, width: 100, height: 100 });
    const r = fake.addRectangle({ x: 10, y: 10, width: 5, height: 5, parent: frame });
    const g = fake.api.group([r], fake.page);
    expect(r.absoluteTransform).toEqual([
      [1, 0, 310],
      [0, 1, 210],
    ]);
    expect(g.parent).toBe(fake.page);
  });

  it('auto-layout positions AUTO children; ABSOLUTE children keep their x/y', () => {
    const fake = createFakeFigma();
    const f = fake.addFrame({ width: 500, height: 200, layoutMode: 'HORIZONTAL', itemSpacing: 10, padding: 5 });
    const a = fake.addRectangle({ width: 40, height: 30, parent: f });
    const b = fake.addRectangle({ width: 60, height: 30, parent: f });
    expect([a.x, a.y, b.x, b.y]).toEqual([5, 5, 55, 5]);
    b.x = 300; // no-op for auto-layout children, as in Figma
    expect(b.x).toBe(55);
    b.layoutPositioning = 'ABSOLUTE';
    b.x = 300;
    expect(b.x).toBe(300);
    const loose = fake.addRectangle();
    expect(() => (loose.layoutPositioning = 'ABSOLUTE')).toThrow(/auto-layout/);
    f.layoutMode = 'NONE';
    expect([a.x, a.y]).toEqual([5, 5]); // frozen where auto-layout put it
  });

  it('vector paths are normalised to their bounds and the node moves instead', () => {
    const { api } = createFakeFigma();
    const v = api.createVector();
    v.vectorPaths = [{ windingRule: 'NONZERO', data: 'M 10 20 L 50 20 L 50 60 Z' }];
    expect([v.x, v.y, v.width, v.height]).toEqual([10, 20, 40, 40]);
    expect(v.vectorPaths[0]!.data).toBe('M 0 0 L 40 0 L 40 40 Z');
    v.resize(80, 20);
    expect(v.vectorPaths[0]!.data).toBe('M 0 0 L 80 0 L 80 20 Z');
  });

  it('absoluteRenderBounds of a rotated node is its axis-aligned page box', () => {
    const fake = createFakeFigma();
    const r = fake.addRectangle({ x: 0, y: 0, width: 100, height: 50, rotation: 45 });
    const b = r.absoluteRenderBounds!;
    const s = Math.SQRT1_2;
    expect(b.x).toBeCloseTo(0, 6);
    expect(b.width).toBeCloseTo(150 * s, 4);
    expect(b.y).toBeCloseTo(-100 * s, 4);
    expect(b.height).toBeCloseTo(150 * s, 4);
  });
});
