/// <reference types="@figma/plugin-typings" />
/** BaseNodeMixin: identity, name, tree links, removal and plugin data. */
import { defaultState, type NodeContext, type NodeState } from './state.js';

export type FakeNodeType =
  | 'DOCUMENT'
  | 'PAGE'
  | 'FRAME'
  | 'COMPONENT'
  | 'COMPONENT_SET'
  | 'INSTANCE'
  | 'SECTION'
  | 'GROUP'
  | 'RECTANGLE'
  | 'ELLIPSE'
  | 'POLYGON'
  | 'STAR'
  | 'VECTOR'
  | 'BOOLEAN_OPERATION';

/**
 * Types whose children are positioned relative to them (Figma's "container parents": plugin-api.d.ts,
 * relativeTransform, "canvas nodes, frame nodes, component nodes, and instance nodes"). The docs don't name
 * sections; the fake treats them as containers, as the editor positions a section's children from its corner.
 */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set(['DOCUMENT', 'PAGE', 'FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'SECTION']);

/** Types that have auto-layout (`layoutMode`): frames and everything frame-like but sections. */
export const AUTO_LAYOUT_TYPES: ReadonlySet<string> = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE']);

/** True when `node` is an INSTANCE or lies inside one: Figma refuses to add or move layers there. */
export function isInInstance(node: FakeBaseNode): boolean {
  for (let p: FakeBaseNode | null = node; p; p = p._s.parent) if (p.type === 'INSTANCE') return true;
  return false;
}

/** Invisible, or below an invisible node, inside an instance: what skipInvisibleInstanceChildren skips. */
export function isHiddenInsideInstance(node: FakeBaseNode): boolean {
  let hidden = false;
  for (let p: FakeBaseNode | null = node; p; p = p._s.parent) {
    if (hidden && p.type === 'INSTANCE') return true;
    if (p._s.visible === false) hidden = true;
  }
  return false;
}

export const RELAUNCH_DESCRIPTION_LIMIT = 1000;
/** plugin-api.d.ts, setPluginData: "The total size of your entry (`pluginId`, `key`, `value`) cannot exceed 100 kB." */
export const PLUGIN_DATA_ENTRY_LIMIT = 100 * 1024;

/** The fake counts key and value (UTF-8); the plugin id adds a few bytes more in Figma. */
function checkEntrySize(fn: string, key: string, value: string): void {
  const bytes = new TextEncoder().encode(key + value).length;
  if (bytes > PLUGIN_DATA_ENTRY_LIMIT) throw new Error(`in ${fn}: the entry is ${bytes} bytes; the limit is 100 kB`);
}

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
    this._read();
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
    this._read();
    return this._s.pluginData[key] ?? '';
  }
  setPluginData(key: string, value: string): void {
    this._write();
    if (typeof value !== 'string') throw new Error('in setPluginData: Expected value to be a string');
    checkEntrySize('setPluginData', key, value);
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
    checkEntrySize('setSharedPluginData', namespace + key, value);
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
    // plugin-api.d.ts, setRelaunchData: "This method will throw if description exceeds 1000 characters".
    for (const [command, description] of Object.entries(data)) {
      if (description.length > RELAUNCH_DESCRIPTION_LIMIT) {
        throw new Error(`in setRelaunchData: description of "${command}" is ${description.length} characters; the limit is ${RELAUNCH_DESCRIPTION_LIMIT}`);
      }
    }
    this._s.relaunchData = { ...data };
    this._ctx.changed();
  }
  getRelaunchData(): { [command: string]: string } {
    return { ...this._s.relaunchData };
  }

  /** @internal Figma throws on any write to a removed node. */
  _write(): void {
    this._read();
  }

  /**
   * @internal Reading a removed node's properties throws too (only `id`, `type`, `removed` and `parent`, which is
   * null, stay readable): the docs' advice is to "check that the nodes haven't been removed" (BaseNodeMixin.removed).
   */
  _read(): void {
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
