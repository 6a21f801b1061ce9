import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../index.js';
import { apply, invert, type Transform } from '../matrix.js';
import { flattenPath, parsePath, transformPath } from '../path.js';
import { coverageAt, rasterizePolygons } from '../raster/coverage.js';

/** Alpha of the page render at page pixel (x, y), page region 0..200. */
function alphaAt(fake: ReturnType<typeof createFakeFigma>, x: number, y: number): number {
  const img = fake.renderPage({ region: { x: 0, y: 0, width: 200, height: 200 }, background: false });
  return img.data[(y * img.width + x) * 4 + 3]!;
}

/** Coverage of a node's fillGeometry at page pixel (x, y). */
function geometryAt(node: { fillGeometry: ReadonlyArray<{ windingRule: string; data: string }>; absoluteTransform: Transform }, x: number, y: number): number {
  return Math.max(
    0,
    ...node.fillGeometry.map((p) => {
      const polys = flattenPath(transformPath(parsePath(p.data), node.absoluteTransform), 0.05);
      return coverageAt(rasterizePolygons(polys, 200, 200, p.windingRule as 'NONZERO' | 'EVENODD'), x, y);
    }),
  );
}

describe('fake figma: boolean operations', () => {
  it('union moves the nodes into a BOOLEAN_OPERATION that keeps them in place, with the first one’s fills', () => {
    const fake = createFakeFigma();
    const { api } = fake;
    const frame = fake.addFrame({ x: 10, y: 20, width: 150, height: 150 });
    const a = fake.addRectangle({ x: 10, y: 10, width: 40, height: 30, color: '#ff0000', parent: frame });
    const b = fake.addEllipse({ x: 30, y: 20, width: 40, height: 40, color: '#00ff00', parent: frame });
    const before = [a.absoluteTransform, b.absoluteTransform];
    fake.resetUndoHistory();
    const u = api.union([a, b], frame);

    expect([u.type, u.booleanOperation, u.name, u.parent]).toEqual(['BOOLEAN_OPERATION', 'UNION', 'Union', frame]);
    expect(u.children).toEqual([a, b]);
    expect([a.absoluteTransform, b.absoluteTransform]).toEqual(before);
    expect(u.fills).toEqual(a.fills);
    expect([u.x, u.y, u.width, u.height]).toEqual([10, 10, 60, 50]);
    // Moving it moves its children; children stay relative to the frame, as in a group.
    u.x = 20;
    expect([a.x, b.x]).toEqual([20, 40]);
    fake.undo();
    expect(a.parent).toBe(frame);
    expect(u.removed).toBe(true);
  });

  it('union’s fillGeometry is its children’s outline in its own space, overlaps filled even when a child is mirrored', () => {
    const fake = createFakeFigma();
    const a = fake.addRectangle({ x: 20, y: 20, width: 60, height: 40, color: '#ff0000' });
    const b = fake.addRectangle({ width: 40, height: 60, color: '#ff0000' });
    b.relativeTransform = [[-1, 0, 100], [0, 1, 40]]; // mirrored: spans x 60..100, y 40..100
    const u = fake.api.union([a, b], fake.page);

    expect(u.fillGeometry.map((p) => p.windingRule)).toEqual(['NONZERO']);
    for (const [x, y, inside] of [[30, 30, true], [70, 50, true], [90, 90, true], [30, 80, false], [110, 50, false]] as const) {
      expect(geometryAt(u, x, y), `fillGeometry at (${x}, ${y})`).toBe(inside ? 1 : 0);
      expect(alphaAt(fake, x, y), `render at (${x}, ${y})`).toBe(inside ? 255 : 0);
    }
    // Its own space: the outline's box is (0, 0)–(width, height).
    const inv = invert(u.absoluteTransform);
    expect(apply(inv, 20, 20)).toEqual({ x: 0, y: 0 });
  });

  it('subtract, intersect and exclude are rendered; their fillGeometry is not modelled', () => {
    for (const [op, expected] of [
      ['subtract', { onlyA: 255, both: 0, onlyB: 0 }],
      ['intersect', { onlyA: 0, both: 255, onlyB: 0 }],
      ['exclude', { onlyA: 255, both: 0, onlyB: 255 }],
    ] as const) {
      const fake = createFakeFigma();
      const a = fake.addRectangle({ x: 20, y: 20, width: 60, height: 60, color: '#0000ff' });
      const b = fake.addEllipse({ x: 50, y: 50, width: 60, height: 60, color: '#0000ff' });
      const node = fake.api[op]([a, b], fake.page);
      expect(node.booleanOperation).toBe(op.toUpperCase());
      expect({ onlyA: alphaAt(fake, 30, 30), both: alphaAt(fake, 70, 70), onlyB: alphaAt(fake, 95, 95) }, op).toEqual(expected);
      expect(() => node.fillGeometry).toThrow(/not modelled by the fake/);
    }
  });

  it('a hidden child takes no part; an emptied boolean operation disappears', () => {
    const fake = createFakeFigma();
    const a = fake.addRectangle({ x: 20, y: 20, width: 60, height: 60 });
    const b = fake.addRectangle({ x: 40, y: 40, width: 20, height: 20 });
    const s = fake.addBooleanOperation({ operation: 'SUBTRACT', nodes: [a, b], name: 'Frame cut' });
    expect(alphaAt(fake, 50, 50)).toBe(0);
    b.visible = false;
    expect(alphaAt(fake, 50, 50)).toBe(255);
    a.remove();
    b.remove();
    expect(s.removed).toBe(true);
  });
});
