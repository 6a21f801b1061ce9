/// <reference types="@figma/plugin-typings" />
/**
 * ChildrenMixin and MinimalFillsMixin as class mixins, so `'children' in node` and
 * `'fills' in node` are true exactly for the node types where Figma has them.
 */
import { serializePath, type Segment } from '../path.js';
import { FakeBaseNode, detach, isAncestor, markRemoved } from './base.js';
import { normalizePaints } from './paints.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractCtor<T> = abstract new (...args: any[]) => T;

export function withChildren<TBase extends AbstractCtor<FakeBaseNode>>(Base: TBase) {
  abstract class WithChildren extends Base {
    get children(): ReadonlyArray<FakeBaseNode> {
      return Object.freeze([...this._s.children]);
    }
    appendChild(child: FakeBaseNode): void {
      this.insertChild(this._s.children.length, child);
    }
    insertChild(index: number, child: FakeBaseNode): void {
      this._write();
      if (!(child instanceof FakeBaseNode)) throw new Error('in insertChild: Expected a node');
      if (child.removed) throw new Error(`in insertChild: The node with id "${child.id}" does not exist`);
      const wantsPage = this.type === 'DOCUMENT';
      if (wantsPage !== (child.type === 'PAGE') || child.type === 'DOCUMENT') {
        throw new Error(`in insertChild: Cannot insert a ${child.type} node into a ${this.type} node`);
      }
      if (isAncestor(child, this)) throw new Error('in insertChild: Cannot move a node into itself or one of its descendants');
      if (!Number.isInteger(index) || index < 0) throw new Error('in insertChild: index must be a non-negative integer');
      // Figma keeps relativeTransform when reparenting, so the node moves with its new parent.
      detach(child);
      const list = this._s.children;
      list.splice(Math.min(index, list.length), 0, child);
      child._s.parent = this;
      markRemoved(child, false);
      this._ctx.changed();
    }
    findChildren(cb?: (node: FakeBaseNode) => boolean): FakeBaseNode[] {
      return this._s.children.filter((c) => !cb || cb(c));
    }
    findChild(cb: (node: FakeBaseNode) => boolean): FakeBaseNode | null {
      return this._s.children.find((c) => cb(c)) ?? null;
    }
    /** Depth-first, pre-order, not including this node (as Figma). */
    findAll(cb?: (node: FakeBaseNode) => boolean): FakeBaseNode[] {
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
    /** @internal outline(s) to fill, in local coordinates */
    abstract _fillPaths(): { windingRule: 'NONZERO' | 'EVENODD'; segments: Segment[] }[];
  }
  return WithFills;
}
