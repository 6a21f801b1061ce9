/// <reference types="@figma/plugin-typings" />
/** The concrete node types the fake supports. */
import { ellipsePath, offsetEllipsePath, offsetRectPath, rectPath, starPath } from '../geometry.js';
import {
  apply,
  boundsOfPoints,
  cloneTransform,
  identity,
  invert,
  multiply,
  transformedBoxBounds,
  unionRects,
  type Point,
  type Rect,
  type Transform,
} from '../matrix.js';
import { flattenPath, mapPath, parsePath, pathBounds, serializePath, transformPath, type Segment } from '../path.js';
import { FakeBaseNode, isAncestor } from './base.js';
import { cloneState, type NodeContext } from './state.js';
import { withChildren, withFills } from './mixins.js';
import { normalizePaints } from './paints.js';
import { FakeSceneNode } from './scene.js';
import type { BooleanOperation, LayoutMode, StoredVectorPath } from './state.js';

type FillPath = { windingRule: 'NONZERO' | 'EVENODD'; segments: Segment[] };

type Stroked = FakeSceneNode & { _strokePaths(): FillPath[] | null };

/** Page-space bounds of a node's fill outline and its stroke. */
function outlineBounds(node: Stroked & { _fillPaths(): FillPath[] }): Rect | null {
  if (!node._s.visible) return null;
  const t = node._absoluteTransform();
  const pts: Point[] = [];
  for (const p of node._fillPaths()) for (const poly of flattenPath(p.segments, 0.05)) for (const q of poly) pts.push(apply(t, q.x, q.y));
  if (pts.length === 0) {
    const { width, height } = node._size();
    return unionRects([transformedBoxBounds(t, width, height), strokeBounds(node)]);
  }
  return unionRects([boundsOfPoints(pts), strokeBounds(node)]);
}

/** Page-space bounds of a node's stroke (its outer edge), or null when it has none. */
function strokeBounds(node: Stroked): Rect | null {
  const outer = node._strokePaths()?.[0];
  if (!outer) return null;
  const t = node._absoluteTransform();
  return boundsOfPoints(flattenPath(outer.segments, 0.05).flat().map((q) => apply(t, q.x, q.y)));
}

function childrenRenderBounds(node: FakeBaseNode): Rect | null {
  return unionRects(node._s.children.map((c) => (c as FakeSceneNode)._renderBounds()));
}

/** A macrotask: what Figma's async document calls take at the least. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// ---- document and pages ---------------------------------------------------------

export class FakeDocumentNode extends withChildren(FakeBaseNode) {
  readonly type = 'DOCUMENT' as const;
}

export class FakePageNode extends withChildren(FakeBaseNode) {
  readonly type = 'PAGE' as const;
  /** Not part of undo state: Figma's undo doesn't restore selection either. */
  private _selection: FakeSceneNode[] = [];
  private _backgrounds: ReadonlyArray<Paint> = normalizePaints([{ type: 'SOLID', color: { r: 0.96, g: 0.96, b: 0.96 } }]);

  get selection(): ReadonlyArray<FakeSceneNode> {
    return Object.freeze(this._selection.filter((n) => !n.removed && isAncestor(this, n)));
  }
  set selection(nodes: ReadonlyArray<FakeSceneNode>) {
    if (!Array.isArray(nodes)) throw new Error('in set_selection: Expected an array of nodes');
    for (const n of nodes) {
      if (!(n instanceof FakeSceneNode)) throw new Error('in set_selection: Expected an array of SceneNodes');
      if (n.removed) throw new Error(`in set_selection: The node with id "${n.id}" does not exist`);
      if (!isAncestor(this, n)) throw new Error(`in set_selection: Node ${n.id} is not on this page`);
    }
    // Unique, and never a node together with one of its descendants.
    const unique = [...new Set(nodes)];
    const next = unique.filter((n) => !unique.some((m) => m !== n && isAncestor(m, n)));
    const same = next.length === this._selection.length && next.every((n, i) => n === this._selection[i]);
    this._selection = next;
    if (!same) this._ctx.selectionChanged(this);
  }
  /** @internal drop nodes that left the page (after remove or undo) */
  _pruneSelection(): void {
    const kept = this._selection.filter((n) => !n.removed && isAncestor(this, n));
    if (kept.length !== this._selection.length) {
      this._selection = kept;
      this._ctx.selectionChanged(this);
    }
  }
  get backgrounds(): ReadonlyArray<Paint> {
    return this._backgrounds;
  }
  set backgrounds(v: ReadonlyArray<Paint>) {
    this._backgrounds = normalizePaints(v, 'set_backgrounds');
    this._ctx.changed();
  }
  /**
   * documentAccess: dynamic-page. "you must first call PageNode.loadAsync" before reading a page's children or
   * searching it (plugin-api.d.ts, ChildrenMixin): a page other than the one the plugin started on is not
   * loaded until then, and its children and find* methods throw (see mixins.ts).
   */
  _loaded = true;
  private readonly _nodeChangeListeners = new Map<(event: NodeChangeEvent) => void, () => void>();
  /**
   * "nodechange: triggered when a node on this page changes" (plugin-api.d.ts, PageNode.on), the plugin's own
   * changes included. Like Figma it comes after the change, batched: here once per microtask in which anything
   * changed (any page; the plugin only ever watches the current one), with no `nodeChanges` listed.
   */
  on(type: 'nodechange', cb: (event: NodeChangeEvent) => void): void {
    if (type !== 'nodechange') throw new Error(`in on: PageNode has no "${String(type)}" event`);
    if (!this._nodeChangeListeners.has(cb)) this._nodeChangeListeners.set(cb, this._ctx.onChange(() => cb({ nodeChanges: [] })));
  }
  off(type: 'nodechange', cb: (event: NodeChangeEvent) => void): void {
    if (type !== 'nodechange') return;
    this._nodeChangeListeners.get(cb)?.();
    this._nodeChangeListeners.delete(cb);
  }
  /** "Loads the contents of the page node." Takes a turn of the event loop, as a real load does. */
  async loadAsync(): Promise<void> {
    await nextTask();
    this._loaded = true;
  }
}

// ---- frames and the frame-like nodes (components, component sets, instances) ------------------

/** What FRAME, COMPONENT, COMPONENT_SET and INSTANCE share: children, fills, clipping and auto-layout. */
export abstract class FakeFrameLikeNode extends withChildren(withFills(FakeSceneNode)) {
  abstract override readonly type: 'FRAME' | 'COMPONENT' | 'COMPONENT_SET' | 'INSTANCE';

  get layoutMode(): LayoutMode {
    return this._s.layoutMode;
  }
  set layoutMode(v: LayoutMode) {
    this._write();
    if (v !== 'NONE' && v !== 'HORIZONTAL' && v !== 'VERTICAL') throw new Error('in set_layoutMode: Expected NONE, HORIZONTAL or VERTICAL');
    // Turning auto-layout off leaves children where auto-layout had placed them.
    if (v === 'NONE') for (const c of this._s.children as FakeSceneNode[]) c._s.transform = c._relativeTransform();
    this._s.layoutMode = v;
    this._ctx.changed();
  }
  get clipsContent(): boolean {
    return this._s.clipsContent;
  }
  set clipsContent(v: boolean) {
    this._set('clipsContent', Boolean(v));
  }
  get itemSpacing(): number {
    return this._s.itemSpacing;
  }
  set itemSpacing(v: number) {
    this._set('itemSpacing', v);
  }
  get paddingLeft(): number {
    return this._s.paddingLeft;
  }
  set paddingLeft(v: number) {
    this._set('paddingLeft', v);
  }
  get paddingRight(): number {
    return this._s.paddingRight;
  }
  set paddingRight(v: number) {
    this._set('paddingRight', v);
  }
  get paddingTop(): number {
    return this._s.paddingTop;
  }
  set paddingTop(v: number) {
    this._set('paddingTop', v);
  }
  get paddingBottom(): number {
    return this._s.paddingBottom;
  }
  set paddingBottom(v: number) {
    this._set('paddingBottom', v);
  }
  get cornerRadius(): number {
    return this._s.cornerRadius;
  }
  set cornerRadius(v: number) {
    this._set('cornerRadius', v);
  }
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: rectPath(this._s.width, this._s.height, this._s.cornerRadius) }];
  }
  override _offsetOutline(d: number): Segment[] {
    return offsetRectPath(this._s.width, this._s.height, this._s.cornerRadius, d);
  }
  _renderBounds(): Rect | null {
    if (!this._s.visible) return null;
    const own = unionRects([transformedBoxBounds(this._absoluteTransform(), this._s.width, this._s.height), strokeBounds(this)]);
    return this._s.clipsContent ? own : unionRects([own, childrenRenderBounds(this)]);
  }
  private _set<K extends 'clipsContent' | 'itemSpacing' | 'paddingLeft' | 'paddingRight' | 'paddingTop' | 'paddingBottom' | 'cornerRadius'>(
    key: K,
    v: FakeFrameLikeNode['_s'][K],
  ): void {
    this._write();
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`in set_${key}: Expected a finite number`);
    this._s[key] = v;
    this._ctx.changed();
  }
}

export class FakeFrameNode extends FakeFrameLikeNode {
  readonly type = 'FRAME' as const;
}

/** A main component: its instances show copies of its children (the fake copies them once, at createInstance). */
export class FakeComponentNode extends FakeFrameLikeNode {
  readonly type = 'COMPONENT' as const;

  /** "Creates an instance of this component. By default, the instance will be parented under `figma.currentPage`." */
  createInstance(): FakeInstanceNode {
    this._write();
    const instance = new FakeInstanceNode(this._ctx, this._s.name);
    instance._s = { ...cloneState(this._s), parent: null, children: [], transform: identity(), pluginData: {}, sharedPluginData: {}, relaunchData: {} };
    instance.mainComponent = this;
    // Built directly: once the node is an instance, Figma (and the fake) refuse insertChild into it.
    for (const child of this._s.children) linkChild(instance, cloneSubtree(child, this._ctx));
    this._ctx.currentPage().appendChild(instance);
    return instance;
  }
}

/** Variants of one component; frame-like, auto-layout included. */
export class FakeComponentSetNode extends FakeFrameLikeNode {
  readonly type = 'COMPONENT_SET' as const;
}

/** An instance: its layers can be changed (overrides) but no layer can be added to it or moved into it. */
export class FakeInstanceNode extends FakeFrameLikeNode {
  readonly type = 'INSTANCE' as const;
  mainComponent: FakeComponentNode | null = null;
  async getMainComponentAsync(): Promise<FakeComponentNode | null> {
    return this.mainComponent;
  }
}

/** A section: a container for top-level layers; fills, children, no auto-layout, no clipping. */
export class FakeSectionNode extends withChildren(withFills(FakeSceneNode)) {
  readonly type = 'SECTION' as const;
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: rectPath(this._s.width, this._s.height, 0) }];
  }
  _renderBounds(): Rect | null {
    if (!this._s.visible) return null;
    return unionRects([transformedBoxBounds(this._absoluteTransform(), this._s.width, this._s.height), childrenRenderBounds(this)]);
  }
}

/** A copy of `node` and its subtree (new ids; plugin data is not copied into instances). */
function cloneSubtree(node: FakeBaseNode, ctx: NodeContext): FakeBaseNode {
  const Kind = node.constructor as new (ctx: NodeContext, name: string) => FakeBaseNode;
  const copy = new Kind(ctx, node._s.name);
  copy._s = { ...cloneState(node._s), parent: null, children: [], pluginData: {}, sharedPluginData: {}, relaunchData: {} };
  for (const child of node._s.children) linkChild(copy, cloneSubtree(child, ctx));
  return copy;
}

function linkChild(parent: FakeBaseNode, child: FakeBaseNode): void {
  parent._s.children.push(child);
  child._s.parent = parent;
}

/**
 * Groups have no geometry of their own: position and size are the bounds of their children,
 * measured along the group's own (possibly rotated) axes. Children stay positioned
 * relative to the group's container parent, as in Figma.
 */
export class FakeGroupNode extends withChildren(FakeSceneNode) {
  readonly type = 'GROUP' as const;

  /** @internal */
  _frame(): { t: Transform; width: number; height: number } {
    return childrenFrame(this);
  }
  override _size(): { width: number; height: number } {
    const f = this._frame();
    return { width: f.width, height: f.height };
  }
  override _relativeTransform(): Transform {
    return this._frame().t;
  }
  /** Moving/rotating a group applies the same change to every child. */
  override _setRelativeTransform(t: Transform): void {
    moveChildren(this, this._frame().t, t);
  }
  override _resize(): void {
    throw new Error('fake figma: resize() of a GROUP is not supported (resize its children)');
  }
  _renderBounds(): Rect | null {
    return this._s.visible ? childrenRenderBounds(this) : null;
  }
}

/** A group's (and a boolean operation's) box: its children's boxes along its own axes. */
function childrenFrame(node: FakeSceneNode): { t: Transform; width: number; height: number } {
  const o = node._s.transform;
  const r: Transform = [
    [o[0][0], o[0][1], 0],
    [o[1][0], o[1][1], 0],
  ];
  const kids = node._s.children as FakeSceneNode[];
  if (kids.length === 0) return { t: cloneTransform(o), width: 0, height: 0 };
  const inv = invert(r);
  const pts: Point[] = [];
  for (const c of kids) {
    const ct = multiply(inv, c._relativeTransform());
    const { width, height } = c._size();
    pts.push(apply(ct, 0, 0), apply(ct, width, 0), apply(ct, 0, height), apply(ct, width, height));
  }
  const b = boundsOfPoints(pts);
  const origin = apply(r, b.x, b.y);
  r[0][2] = origin.x;
  r[1][2] = origin.y;
  return { t: r, width: b.width, height: b.height };
}

function moveChildren(node: FakeSceneNode, from: Transform, to: Transform): void {
  const delta = multiply(to, invert(from));
  for (const c of node._s.children as FakeSceneNode[]) c._setRelativeTransform(multiply(delta, c._relativeTransform()));
  node._s.transform = cloneTransform(to);
}

// ---- boolean operations ---------------------------------------------------------------

/** One shape's outline: its fill paths, each with its own winding rule (a region is their union). */
export type LeafOutline = FillPath[];

/**
 * The filled outlines of the leaf shapes under `node` (itself included), visible ones only, mapped by
 * `target ← page`. A boolean operation inside counts as one leaf (its own geometry).
 */
export function leafOutlines(node: FakeSceneNode, target: Transform): LeafOutline[] {
  if (!node._s.visible) return [];
  if (node.type === 'GROUP') return (node._s.children as FakeSceneNode[]).flatMap((c) => leafOutlines(c, target));
  if (!('_fillPaths' in node)) return [];
  const m = multiply(target, node._absoluteTransform());
  return [(node as FakeSceneNode & { _fillPaths(): FillPath[] })._fillPaths().map((p) => ({ windingRule: p.windingRule, segments: transformPath(p.segments, m) }))];
}

/**
 * A boolean group (`figma.union/subtract/intersect/exclude`). Transforms and box work like a group's (its
 * children stay relative to its container parent); its fills paint the combined outline and its children
 * are not drawn themselves. `fillGeometry` is exact for UNION: the children's outlines in its own space,
 * merged into one NONZERO path (each shape's outline turned clockwise first, so overlaps never cancel), plus
 * any EVENODD outline as its own entry. The fake does no path clipping, so SUBTRACT, INTERSECT and EXCLUDE
 * are rendered (coverage of the first child minus / times / xor the rest) but their `fillGeometry` throws.
 * The box is the children's boxes, also for SUBTRACT and INTERSECT (Figma's is the result's).
 */
export class FakeBooleanOperationNode extends withChildren(withFills(FakeSceneNode)) {
  readonly type = 'BOOLEAN_OPERATION' as const;

  get booleanOperation(): BooleanOperation {
    return this._s.booleanOperation;
  }
  set booleanOperation(v: BooleanOperation) {
    this._write();
    if (!BOOLEAN_OPERATIONS.includes(v)) throw new Error('in set_booleanOperation: Expected UNION, INTERSECT, SUBTRACT or EXCLUDE');
    this._s.booleanOperation = v;
    this._ctx.changed();
  }
  get cornerRadius(): number {
    return this._s.cornerRadius;
  }
  set cornerRadius(v: number) {
    this._write();
    this._s.cornerRadius = Math.max(0, v);
    this._ctx.changed();
  }

  /** @internal */
  _frame(): { t: Transform; width: number; height: number } {
    return childrenFrame(this);
  }
  override _size(): { width: number; height: number } {
    const f = this._frame();
    return { width: f.width, height: f.height };
  }
  override _relativeTransform(): Transform {
    return this._frame().t;
  }
  override _setRelativeTransform(t: Transform): void {
    moveChildren(this, this._frame().t, t);
  }
  override _resize(): void {
    throw new Error('fake figma: resize() of a BOOLEAN_OPERATION is not supported (resize its children)');
  }

  _fillPaths(): FillPath[] {
    const op = this._s.booleanOperation;
    if (op !== 'UNION') {
      throw new Error(`fake figma: fillGeometry of a ${op} boolean operation is not modelled by the fake (no path clipping); only UNION is`);
    }
    const local = invert(this._absoluteTransform());
    const merged: Segment[] = [];
    const separate: FillPath[] = [];
    for (const leaf of (this._s.children as FakeSceneNode[]).flatMap((c) => leafOutlines(c, local))) {
      if (leaf.some((p) => p.windingRule === 'EVENODD')) {
        separate.push(...leaf);
        continue;
      }
      const clockwise = leaf.reduce((sum, p) => sum + signedArea(p.segments), 0) >= 0;
      for (const p of leaf) merged.push(...(clockwise ? p.segments : reversePath(p.segments)));
    }
    return merged.length > 0 ? [{ windingRule: 'NONZERO', segments: merged }, ...separate] : separate;
  }

  _renderBounds(): Rect | null {
    if (!this._s.visible) return null;
    const kids = (this._s.children as FakeSceneNode[]).map((c) => c._renderBounds()).filter((r): r is Rect => r !== null);
    if (kids.length === 0) return null;
    const op = this._s.booleanOperation;
    if (op === 'SUBTRACT') return kids[0]!;
    if (op === 'INTERSECT') return intersectRects(kids);
    return unionRects(kids);
  }
}

export const BOOLEAN_OPERATIONS: readonly BooleanOperation[] = ['UNION', 'INTERSECT', 'SUBTRACT', 'EXCLUDE'];

function intersectRects(rects: Rect[]): Rect | null {
  let x0 = -Infinity;
  let y0 = -Infinity;
  let x1 = Infinity;
  let y1 = Infinity;
  for (const r of rects) {
    x0 = Math.max(x0, r.x);
    y0 = Math.max(y0, r.y);
    x1 = Math.min(x1, r.x + r.width);
    y1 = Math.min(y1, r.y + r.height);
  }
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** Signed area of the flattened outline; positive when clockwise on screen (y down). */
function signedArea(segments: Segment[]): number {
  let area = 0;
  for (const poly of flattenPath(segments, 0.1)) {
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i]!;
      const b = poly[(i + 1) % poly.length]!;
      area += a.x * b.y - b.x * a.y;
    }
  }
  return area / 2;
}

/** The same outline traversed backwards, subpath by subpath (curves keep their shape). */
export function reversePath(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let start: Point | null = null;
  let current: Point = { x: 0, y: 0 };
  let pieces: { from: Point; seg: Segment }[] = [];
  let closed = false;
  const flush = (): void => {
    if (start === null) return;
    const end = pieces.length > 0 ? pieces[pieces.length - 1]!.seg : null;
    const last = end !== null && end.op !== 'Z' ? { x: end.x, y: end.y } : start;
    out.push({ op: 'M', x: last.x, y: last.y });
    for (let i = pieces.length - 1; i >= 0; i--) {
      const { from, seg } = pieces[i]!;
      if (seg.op === 'L' || seg.op === 'M') out.push({ op: 'L', x: from.x, y: from.y });
      else if (seg.op === 'Q') out.push({ op: 'Q', x1: seg.x1, y1: seg.y1, x: from.x, y: from.y });
      else if (seg.op === 'C') out.push({ op: 'C', x1: seg.x2, y1: seg.y2, x2: seg.x1, y2: seg.y1, x: from.x, y: from.y });
    }
    if (closed) out.push({ op: 'Z' });
    pieces = [];
    closed = false;
  };
  for (const seg of segments) {
    if (seg.op === 'M') {
      flush();
      start = { x: seg.x, y: seg.y };
      current = start;
    } else if (seg.op === 'Z') {
      closed = true;
      const first = start ?? current;
      flush();
      start = null;
      current = first;
    } else {
      if (start === null) start = current;
      pieces.push({ from: current, seg });
      current = { x: seg.x, y: seg.y };
    }
  }
  flush();
  return out;
}

// ---- shapes -------------------------------------------------------------------------

export class FakeRectangleNode extends withFills(FakeSceneNode) {
  readonly type = 'RECTANGLE' as const;
  override _offsetOutline(d: number): Segment[] {
    return offsetRectPath(this._s.width, this._s.height, this._s.cornerRadius, d);
  }
  get cornerRadius(): number {
    return this._s.cornerRadius;
  }
  set cornerRadius(v: number) {
    this._write();
    this._s.cornerRadius = Math.max(0, v);
    this._ctx.changed();
  }
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: rectPath(this._s.width, this._s.height, this._s.cornerRadius) }];
  }
  _renderBounds(): Rect | null {
    return outlineBounds(this);
  }
}

export class FakeEllipseNode extends withFills(FakeSceneNode) {
  readonly type = 'ELLIPSE' as const;
  override _offsetOutline(d: number): Segment[] {
    return offsetEllipsePath(this._s.width, this._s.height, d);
  }
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: ellipsePath(this._s.width, this._s.height) }];
  }
  _renderBounds(): Rect | null {
    return outlineBounds(this);
  }
}

export class FakePolygonNode extends withFills(FakeSceneNode) {
  readonly type = 'POLYGON' as const;
  get pointCount(): number {
    return this._s.pointCount;
  }
  set pointCount(v: number) {
    this._write();
    if (!(v >= 3)) throw new Error('in set_pointCount: Expected a number >= 3');
    this._s.pointCount = Math.round(v);
    this._ctx.changed();
  }
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: starPath(this._s.width, this._s.height, this._s.pointCount, null) }];
  }
  _renderBounds(): Rect | null {
    return outlineBounds(this);
  }
}

export class FakeStarNode extends withFills(FakeSceneNode) {
  readonly type = 'STAR' as const;
  get pointCount(): number {
    return this._s.pointCount;
  }
  set pointCount(v: number) {
    this._write();
    if (!(v >= 3)) throw new Error('in set_pointCount: Expected a number >= 3');
    this._s.pointCount = Math.round(v);
    this._ctx.changed();
  }
  get innerRadius(): number {
    return this._s.innerRadius;
  }
  set innerRadius(v: number) {
    this._write();
    if (!(v >= 0 && v <= 1)) throw new Error('in set_innerRadius: Expected a number between 0 and 1');
    this._s.innerRadius = v;
    this._ctx.changed();
  }
  _fillPaths(): FillPath[] {
    return [{ windingRule: 'NONZERO', segments: starPath(this._s.width, this._s.height, this._s.pointCount, this._s.innerRadius) }];
  }
  _renderBounds(): Rect | null {
    return outlineBounds(this);
  }
}

/**
 * Vector paths are normalised like Figma's vector networks: the geometry is shifted so its
 * bounds start at (0, 0) and the node moves by the same amount, so nothing moves on screen;
 * width/height become the path bounds. resize() scales the paths.
 */
export class FakeVectorNode extends withFills(FakeSceneNode) {
  readonly type = 'VECTOR' as const;

  get vectorPaths(): ReadonlyArray<StoredVectorPath> {
    return this._s.vectorPaths;
  }
  set vectorPaths(paths: ReadonlyArray<{ windingRule: 'NONZERO' | 'EVENODD' | 'NONE'; data: string }>) {
    this._write();
    if (!Array.isArray(paths)) throw new Error('in set_vectorPaths: Expected an array of VectorPath');
    const parsed = paths.map((p) => {
      if (!['NONZERO', 'EVENODD', 'NONE'].includes(p.windingRule)) throw new Error('in set_vectorPaths: bad windingRule');
      return { windingRule: p.windingRule, segments: parsePath(String(p.data)) };
    });
    const b = unionRects(parsed.map((p) => pathBounds(p.segments)));
    const dx = b?.x ?? 0;
    const dy = b?.y ?? 0;
    this._s.vectorPaths = Object.freeze(
      parsed.map((p) => Object.freeze({ windingRule: p.windingRule, data: serializePath(mapPath(p.segments, (x, y) => ({ x: x - dx, y: y - dy }))) })),
    );
    if (b) {
      const t = this._relativeTransform();
      const o = apply(t, dx, dy);
      t[0][2] = o.x;
      t[1][2] = o.y;
      this._setRelativeTransform(t);
      this._s.width = Math.max(b.width, 0.01);
      this._s.height = Math.max(b.height, 0.01);
    }
    this._ctx.changed();
  }
  override _resize(width: number, height: number): void {
    const sx = width / Math.max(this._s.width, 1e-9);
    const sy = height / Math.max(this._s.height, 1e-9);
    this._s.vectorPaths = Object.freeze(
      this._s.vectorPaths.map((p) => Object.freeze({ windingRule: p.windingRule, data: serializePath(mapPath(parsePath(p.data), (x, y) => ({ x: x * sx, y: y * sy }))) })),
    );
    super._resize(width, height);
  }
  _fillPaths(): FillPath[] {
    return this._s.vectorPaths
      .filter((p) => p.windingRule !== 'NONE')
      .map((p) => ({ windingRule: p.windingRule as 'NONZERO' | 'EVENODD', segments: parsePath(p.data) }));
  }
  _renderBounds(): Rect | null {
    return outlineBounds(this);
  }
}

export type FakeShapeNode = FakeRectangleNode | FakeEllipseNode | FakePolygonNode | FakeStarNode | FakeVectorNode;
export type FakeAnySceneNode = FakeFrameLikeNode | FakeSectionNode | FakeGroupNode | FakeBooleanOperationNode | FakeShapeNode;
