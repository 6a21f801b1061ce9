/// <reference types="@figma/plugin-typings" />
/** BaseNodeMixin: identity, name, tree links, removal and plugin data. */
import { defaultState, type NodeContext, type NodeState } from './state.js';

export type FakeNodeType = 'DOCUMENT' | 'PAGE' | 'FRAME' | 'GROUP' | 'RECTANGLE' | 'ELLIPSE' | 'POLYGON' | 'STAR' | 'VECTOR' | 'BOOLEAN_OPERATION';

/** Types whose children are positioned relative to them (Figma's "container parents"). */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set(['DOCUMENT', 'PAGE', 'FRAME']);

export abstract class FakeBaseNode {
  abstract readonly type: FakeNodeType;
  readonly id: string;
  /** @internal all mutable state, swapped wholesale by undo */
  _s: NodeState;
  /** @internal */
  readonly _ctx: NodeContext;

  constructor(ctx: NodeContext, name: string, id?: string) {
    this._ctx = ctx;
    this.id = id ?? ctx.nextId();
    this._s = defaultState(name);
    ctx.register(this);
  }

  get name(): string {
    return this._s.name;
  }
  set name(v: string) {
    this._write();
    this._s.name = String(v);
    this._ctx.changed();
  }

  get parent(): FakeBaseNode | null {
    return this._s.removed ? null : this._s.parent;
  }

  get removed(): boolean {
    return this._s.removed;
  }

  toString(): string {
    return `[Node ${this.id}]`;
  }

  remove(): void {
    this._write();
    if (this.type === 'DOCUMENT' || this.type === 'PAGE') throw new Error(`Cannot remove a ${this.type} node`);
    detach(this);
    markRemoved(this, true);
    this._ctx.changed();
  }

  getPluginData(key: string): string {
    return this._s.pluginData[key] ?? '';
  }
  setPluginData(key: string, value: string): void {
    this._write();
    if (typeof value !== 'string') throw new Error('in setPluginData: Expected value to be a string');
    if (value === '') delete this._s.pluginData[key];
    else this._s.pluginData[key] = value;
    this._ctx.changed();
  }
  getPluginDataKeys(): string[] {
    return Object.keys(this._s.pluginData);
  }
  getSharedPluginData(namespace: string, key: string): string {
    return this._s.sharedPluginData[namespace]?.[key] ?? '';
  }
  setSharedPluginData(namespace: string, key: string, value: string): void {
    this._write();
    const ns = (this._s.sharedPluginData[namespace] ??= {});
    if (value === '') delete ns[key];
    else ns[key] = value;
    this._ctx.changed();
  }
  getSharedPluginDataKeys(namespace: string): string[] {
    return Object.keys(this._s.sharedPluginData[namespace] ?? {});
  }
  setRelaunchData(data: { [command: string]: string }): void {
    this._write();
    this._s.relaunchData = { ...data };
    this._ctx.changed();
  }
  getRelaunchData(): { [command: string]: string } {
    return { ...this._s.relaunchData };
  }

  /** @internal Figma throws on any write to a removed node. */
  _write(): void {
    if (this._s.removed) throw new Error(`The node with id "${this.id}" does not exist`);
  }
}

/** Unlink from the parent; an emptied group or boolean operation disappears, as in Figma. */
export function detach(node: FakeBaseNode): void {
  const parent = node._s.parent;
  if (!parent) return;
  const i = parent._s.children.indexOf(node);
  if (i >= 0) parent._s.children.splice(i, 1);
  node._s.parent = null;
  if ((parent.type === 'GROUP' || parent.type === 'BOOLEAN_OPERATION') && parent._s.children.length === 0 && !parent._s.removed) {
    detach(parent);
    markRemoved(parent, true);
  }
}

export function markRemoved(node: FakeBaseNode, removed: boolean): void {
  node._s.removed = removed;
  if (removed) node._ctx.nodeRemoved(node);
  for (const c of node._s.children) markRemoved(c, removed);
}

/** The node its transform is relative to: nearest ancestor that is not a group. */
export function containerOf(node: FakeBaseNode): FakeBaseNode | null {
  let p = node._s.parent;
  while (p && !CONTAINER_TYPES.has(p.type)) p = p._s.parent;
  return p;
}

export function isAncestor(maybeAncestor: FakeBaseNode, node: FakeBaseNode): boolean {
  for (let p: FakeBaseNode | null = node; p; p = p._s.parent) if (p === maybeAncestor) return true;
  return false;
}
