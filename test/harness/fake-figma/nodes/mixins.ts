/// <reference types="@figma/plugin-typings" />
/**
 * ChildrenMixin and MinimalFillsMixin as class mixins, so `'children' in node` and
 * `'fills' in node` are true exactly for the node types where Figma has them.
 */
import { serializePath, type Segment } from '../path.js';
import { FakeBaseNode, detach, isAncestor, isInInstance, markRemoved } from './base.js';
import { normalizePaints } from './paints.js';
import type { StrokeAlign } from './state.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractCtor<T> = abstract new (...args: any[]) => T;

export function withChildren<TBase extends AbstractCtor<FakeBaseNode>>(Base: TBase) {
  abstract class WithChildren extends Base {
    get children(): ReadonlyArray<FakeBaseNode> {
      this._read();
      this._checkLoaded('children');
      return Object.freeze([...this._s.children]);
    }
    appendChild(child: FakeBaseNode): void {
      this.insertChild(this._s.children.length, child);
    }
    /** @internal plugin-api.d.ts, ChildrenMixin: "If the manifest contains "documentAccess": "dynamic-page", and the node is a PageNode, you must first call PageNode.loadAsync". */
    _checkLoaded(fn: string): void {
      if ((this as { _loaded?: boolean })._loaded === false) {
        throw new Error(`in ${fn}: The page "${this._s.name}" is not loaded. Call await page.loadAsync() first (documentAccess: dynamic-page)`);
      }
    }
    insertChild(index: number, child: FakeBaseNode): void {
      this._write();
      this._checkLoaded('insertChild');
      if (!(child instanceof FakeBaseNode)) throw new Error('in insertChild: Expected a node');
      if (child.removed) throw new Error(`in insertChild: The node with id "${child.id}" does not exist`);
      const wantsPage = this.type === 'DOCUMENT';
      if (wantsPage !== (child.type === 'PAGE') || child.type === 'DOCUMENT') {
        throw new Error(`in insertChild: Cannot insert a ${child.type} node into a ${this.type} node`);
      }
      if (isAncestor(child, this)) throw new Error('in insertChild: Cannot move a node into itself or one of its descendants');
      // The message real Figma gives (quoted in issue #19); the docs say only "Reparenting nodes is subject to many restrictions".
      if (isInInstance(this)) throw new Error('in insertChild: Cannot move node. New parent is an instance or is inside of an instance');
      // plugin-api.d.ts, insertChild: "`insertChild(4, D)` throws an error since the group originally only has 3 children".
      const moving = child._s.parent === this ? 1 : 0;
      if (!Number.isInteger(index) || index < 0 || index > this._s.children.length - moving) {
        throw new Error(`in insertChild: index ${index} is out of range (0 to ${this._s.children.length - moving})`);
      }
      // Figma keeps relativeTransform when reparenting, so the node moves with its new parent.
      detach(child);
      const list = this._s.children;
      list.splice(index, 0, child);
      child._s.parent = this;
      markRemoved(child, false);
      this._ctx.changed();
    }
    findChildren(cb?: (node: FakeBaseNode) => boolean): FakeBaseNode[] {
      this._checkLoaded('findChildren');
      return this._s.children.filter((c) => !cb || cb(c));
    }
    findChild(cb: (node: FakeBaseNode) => boolean): FakeBaseNode | null {
      this._checkLoaded('findChild');
      return this._s.children.find((c) => cb(c)) ?? null;
    }
    /** Depth-first, pre-order, not including this node (as Figma). */
    findAll(cb?: (node: FakeBaseNode) => boolean): FakeBaseNode[] {
      this._checkLoaded('findAll');
      const out: FakeBaseNode[] = [];
      const walk = (n: FakeBaseNode): void => {
        for (const c of n._s.children) {
          if (!cb || cb(c)) out.push(c);
          walk(c);
        }
      };
      walk(this);
      return out;
    }
    findOne(cb: (node: FakeBaseNode) => boolean): FakeBaseNode | null {
      this._checkLoaded('findOne');
      const walk = (n: FakeBaseNode): FakeBaseNode | null => {
        for (const c of n._s.children) {
          if (cb(c)) return c;
          const r = walk(c);
          if (r) return r;
        }
        return null;
      };
      return walk(this);
    }
    findAllWithCriteria(criteria: { types?: readonly string[]; pluginData?: { keys?: string[] } }): FakeBaseNode[] {
      return this.findAll(
        (n) =>
          (!criteria.types || criteria.types.includes(n.type)) &&
          (!criteria.pluginData?.keys || criteria.pluginData.keys.some((k) => n.getPluginData(k) !== '')),
      );
    }
  }
  return WithChildren;
}

export function withFills<TBase extends AbstractCtor<FakeBaseNode>>(Base: TBase) {
  abstract class WithFills extends Base {
    get fills(): ReadonlyArray<Paint> {
      this._read();
      return this._s.fills;
    }
    set fills(v: ReadonlyArray<Paint>) {
      this._write();
      this._s.fills = normalizePaints(v);
      this._ctx.changed();
    }
    async setFillsAsync(paints: ReadonlyArray<Paint>): Promise<void> {
      this.fills = paints;
    }
    get fillStyleId(): string {
      return '';
    }
    /** Fill outline in local coordinates, as Figma's VectorPaths. */
    get fillGeometry(): ReadonlyArray<{ windingRule: 'NONZERO' | 'EVENODD'; data: string }> {
      return this._fillPaths().map((p) => ({ windingRule: p.windingRule, data: serializePath(p.segments) }));
    }
    get strokes(): ReadonlyArray<Paint> {
      this._read();
      return this._s.strokes;
    }
    set strokes(v: ReadonlyArray<Paint>) {
      this._write();
      this._s.strokes = normalizePaints(v, 'set_strokes');
      this._ctx.changed();
    }
    get strokeWeight(): number {
      this._read();
      return this._s.strokeWeight;
    }
    set strokeWeight(v: number) {
      this._write();
      if (typeof v !== 'number' || !(v >= 0)) throw new Error('in set_strokeWeight: Expected a non-negative number');
      this._s.strokeWeight = v;
      this._ctx.changed();
    }
    get strokeAlign(): StrokeAlign {
      this._read();
      return this._s.strokeAlign;
    }
    set strokeAlign(v: StrokeAlign) {
      this._write();
      if (v !== 'INSIDE' && v !== 'CENTER' && v !== 'OUTSIDE') throw new Error('in set_strokeAlign: Expected INSIDE, CENTER or OUTSIDE');
      this._s.strokeAlign = v;
      this._ctx.changed();
    }
    /** @internal outline(s) to fill, in local coordinates */
    abstract _fillPaths(): { windingRule: 'NONZERO' | 'EVENODD'; segments: Segment[] }[];
    /**
     * @internal the outline moved outwards by `d` local units (inwards when negative), or null where the fake
     * can't offset the shape (polygons, stars, vectors, boolean groups: their strokes are not drawn).
     */
    _offsetOutline(_d: number): Segment[] | null {
      return null;
    }
    /** @internal the stroke's ring (outer and inner outline, EVENODD), or null when nothing is stroked */
    _strokePaths(): { windingRule: 'EVENODD'; segments: Segment[] }[] | null {
      const s = this._s;
      if (s.strokeWeight <= 0 || !s.strokes.some((p) => p.visible !== false)) return null;
      const outer = s.strokeAlign === 'INSIDE' ? 0 : s.strokeAlign === 'CENTER' ? s.strokeWeight / 2 : s.strokeWeight;
      const outside = this._offsetOutline(outer);
      const inside = this._offsetOutline(outer - s.strokeWeight);
      if (outside === null || inside === null) return null;
      return [
        { windingRule: 'EVENODD', segments: outside },
        { windingRule: 'EVENODD', segments: inside },
      ];
    }
  }
  return WithFills;
}
