/**
 * Every mutable property of a node lives in one plain `NodeState` object so that undo can
 * checkpoint and restore the whole document by copying states (node objects keep identity).
 */
import { cloneTransform, identity, type Transform } from '../matrix.js';
import type { ImageStore } from '../images.js';
import type { FakeBaseNode } from './base.js';

export type LayoutMode = 'NONE' | 'HORIZONTAL' | 'VERTICAL';
export type LayoutPositioning = 'AUTO' | 'ABSOLUTE';
export type StrokeAlign = 'INSIDE' | 'CENTER' | 'OUTSIDE';
export type BooleanOperation = 'UNION' | 'INTERSECT' | 'SUBTRACT' | 'EXCLUDE';

export interface StoredVectorPath {
  readonly windingRule: 'NONZERO' | 'EVENODD' | 'NONE';
  readonly data: string;
}

export interface NodeState {
  parent: FakeBaseNode | null;
  children: FakeBaseNode[];
  removed: boolean;
  name: string;
  visible: boolean;
  locked: boolean;
  opacity: number;
  /** Relative to the container parent. For GROUP and BOOLEAN_OPERATION only the 2x2 part (its orientation) is used. */
  transform: Transform;
  width: number;
  height: number;
  fills: ReadonlyArray<Paint>;
  strokes: ReadonlyArray<Paint>;
  strokeWeight: number;
  strokeAlign: StrokeAlign;
  pluginData: Record<string, string>;
  sharedPluginData: Record<string, Record<string, string>>;
  relaunchData: Record<string, string>;
  layoutMode: LayoutMode;
  layoutPositioning: LayoutPositioning;
  itemSpacing: number;
  paddingLeft: number;
  paddingRight: number;
  paddingTop: number;
  paddingBottom: number;
  clipsContent: boolean;
  cornerRadius: number;
  pointCount: number;
  innerRadius: number;
  vectorPaths: ReadonlyArray<StoredVectorPath>;
  isMask: boolean;
  /** BOOLEAN_OPERATION only. */
  booleanOperation: BooleanOperation;
}

export function defaultState(name: string): NodeState {
  return {
    parent: null,
    children: [],
    removed: false,
    name,
    visible: true,
    locked: false,
    opacity: 1,
    transform: identity(),
    width: 100,
    height: 100,
    fills: Object.freeze([]),
    strokes: Object.freeze([]),
    strokeWeight: 1,
    strokeAlign: 'INSIDE',
    pluginData: {},
    sharedPluginData: {},
    relaunchData: {},
    layoutMode: 'NONE',
    layoutPositioning: 'AUTO',
    itemSpacing: 0,
    paddingLeft: 0,
    paddingRight: 0,
    paddingTop: 0,
    paddingBottom: 0,
    clipsContent: false,
    cornerRadius: 0,
    pointCount: 3,
    innerRadius: 0.382,
    vectorPaths: Object.freeze([]),
    isMask: false,
    booleanOperation: 'UNION',
  };
}

export function cloneState(s: NodeState): NodeState {
  const shared: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(s.sharedPluginData)) shared[k] = { ...v };
  return {
    ...s,
    children: [...s.children],
    transform: cloneTransform(s.transform),
    pluginData: { ...s.pluginData },
    sharedPluginData: shared,
    relaunchData: { ...s.relaunchData },
  };
}

/** What nodes need from the document that owns them. */
export interface NodeContext {
  nextId(): string;
  /** figma.currentPage: where created nodes go. */
  currentPage(): FakeBaseNode & { appendChild(node: FakeBaseNode): void };
  register(node: FakeBaseNode): void;
  /** Call after every document mutation (undo journal, redraw). */
  changed(): void;
  images: ImageStore;
  /** A node left the tree: drop it from selections. */
  nodeRemoved(node: FakeBaseNode): void;
  /** A page's selection changed (schedules 'selectionchange'). */
  selectionChanged(page: FakeBaseNode): void;
  /** Calls `cb` once per microtask in which the document changed; returns the unsubscribe. */
  onChange(cb: () => void): () => void;
  /** exportAsync, implemented by the renderer (kept out of the node modules to avoid cycles). */
  exportNode(node: FakeBaseNode, settings: unknown): Promise<Uint8Array>;
}
