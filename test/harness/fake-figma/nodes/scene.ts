/**
 * SceneNodeMixin + DimensionAndPositionMixin + LayoutMixin (the parts we model):
 * visibility, opacity, transforms under Figma's "container parent" rule, auto-layout
 * positioning, bounds and exportAsync.
 */
import {
  apply,
  boundsOfPoints,
  cloneTransform,
  identity,
  invert,
  isTransform,
  multiply,
  rotationMatrix,
  rotationOf,
  tidy,
  tidyTransform,
  transformedBoxBounds,
  type Rect,
  type Transform,
} from '../matrix.js';
import { AUTO_LAYOUT_TYPES, FakeBaseNode, containerOf } from './base.js';
import type { LayoutPositioning } from './state.js';

export abstract class FakeSceneNode extends FakeBaseNode {
  get visible(): boolean {
    this._read();
    return this._s.visible;
  }
  set visible(v: boolean) {
    this._write();
    this._s.visible = Boolean(v);
    this._ctx.changed();
  }
  get locked(): boolean {
    this._read();
    return this._s.locked;
  }
  set locked(v: boolean) {
    this._write();
    this._s.locked = Boolean(v);
    this._ctx.changed();
  }
  get opacity(): number {
    this._read();
    return this._s.opacity;
  }
  set opacity(v: number) {
    this._write();
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error('in set_opacity: Expected a number between 0 and 1');
    this._s.opacity = v;
    this._ctx.changed();
  }
  get isMask(): boolean {
    this._read();
    return this._s.isMask;
  }
  set isMask(v: boolean) {
    this._write();
    this._s.isMask = Boolean(v);
    this._ctx.changed();
  }

  // ---- transforms -------------------------------------------------------------

  get relativeTransform(): Transform {
    this._read();
    return tidyTransform(this._relativeTransform());
  }
  set relativeTransform(t: Transform) {
    this._write();
    if (!isTransform(t)) throw new Error('in set_relativeTransform: Expected a 2x3 Transform');
    // plugin-api.d.ts, relativeTransform: "The transform always has unit axes. That is, sqrt(m00^2 + m10^2) == sqrt(m01^2 + m11^2) == 1."
    if (Math.abs(Math.hypot(t[0][0], t[1][0]) - 1) > 1e-4 || Math.abs(Math.hypot(t[0][1], t[1][1]) - 1) > 1e-4) {
      throw new Error('in set_relativeTransform: the transform must have unit axes (set the size with resize())');
    }
    this._setRelativeTransform(cloneTransform(t));
    this._ctx.changed();
  }

  get absoluteTransform(): Transform {
    this._read();
    return tidyTransform(this._absoluteTransform());
  }

  get x(): number {
    this._read();
    return tidy(this._relativeTransform()[0][2]);
  }
  set x(v: number) {
    this._setTranslation(v, this._relativeTransform()[1][2]);
  }
  get y(): number {
    this._read();
    return tidy(this._relativeTransform()[1][2]);
  }
  set y(v: number) {
    this._setTranslation(this._relativeTransform()[0][2], v);
  }

  get width(): number {
    this._read();
    return tidy(this._size().width);
  }
  get height(): number {
    this._read();
    return tidy(this._size().height);
  }

  /** Degrees, counterclockwise positive; setting it rotates about the top-left corner. */
  get rotation(): number {
    return tidy(rotationOf(this._relativeTransform()));
  }
  set rotation(deg: number) {
    this._write();
    if (typeof deg !== 'number' || !Number.isFinite(deg)) throw new Error('in set_rotation: Expected a number');
    const t = this._relativeTransform();
    this._setRelativeTransform(rotationMatrix(deg, t[0][2], t[1][2]));
    this._ctx.changed();
  }

  resize(width: number, height: number): void {
    this._write();
    if (!(width >= 0.01) || !(height >= 0.01)) throw new Error('in resize: Expected width and height >= 0.01');
    this._resize(width, height);
    this._ctx.changed();
  }
  resizeWithoutConstraints(width: number, height: number): void {
    this.resize(width, height);
  }

  get absoluteBoundingBox(): Rect | null {
    this._read();
    const { width, height } = this._size();
    return tidyRect(transformedBoxBounds(this._absoluteTransform(), width, height));
  }

  get absoluteRenderBounds(): Rect | null {
    this._read();
    const r = this._renderBounds();
    return r ? tidyRect(r) : null;
  }

  /** Real PNG bytes from the software renderer (see render/export.ts for the bounds rule). */
  exportAsync(settings?: ExportSettingsLike): Promise<Uint8Array> {
    if (this._s.removed) return Promise.reject(new Error(`The node with id "${this.id}" does not exist`));
    return this._ctx.exportNode(this, settings ?? { format: 'PNG' });
  }

  get layoutPositioning(): LayoutPositioning {
    return this._s.layoutPositioning;
  }
  set layoutPositioning(v: LayoutPositioning) {
    this._write();
    if (v !== 'AUTO' && v !== 'ABSOLUTE') throw new Error('in set_layoutPositioning: Expected "AUTO" or "ABSOLUTE"');
    const p = this._s.parent;
    if (!p || !AUTO_LAYOUT_TYPES.has(p.type) || p._s.layoutMode === 'NONE') {
      throw new Error('in set_layoutPositioning: Can only set layoutPositioning on children of auto-layout frames');
    }
    // Switching to ABSOLUTE keeps the node where auto-layout had put it.
    if (v === 'ABSOLUTE') this._s.transform = this._relativeTransform();
    this._s.layoutPositioning = v;
    this._ctx.changed();
  }

  // ---- internals (overridden by GROUP) ------------------------------------------

  /** @internal */
  _size(): { width: number; height: number } {
    return { width: this._s.width, height: this._s.height };
  }

  /** @internal */
  _resize(width: number, height: number): void {
    this._s.width = width;
    this._s.height = height;
  }

  /** @internal true when an auto-layout parent owns this node's position. */
  _autoLayoutOwned(): boolean {
    const p = this._s.parent;
    return !!p && AUTO_LAYOUT_TYPES.has(p.type) && p._s.layoutMode !== 'NONE' && this._s.layoutPositioning === 'AUTO';
  }

  /** @internal */
  _relativeTransform(): Transform {
    if (this._autoLayoutOwned()) {
      const t = cloneTransform(this._s.transform);
      const pos = autoLayoutPosition(this);
      t[0][2] = pos.x;
      t[1][2] = pos.y;
      return t;
    }
    return cloneTransform(this._s.transform);
  }

  /** @internal auto-layout children keep their computed translation (Figma ignores it). */
  _setRelativeTransform(t: Transform): void {
    if (this._autoLayoutOwned()) {
      const cur = this._s.transform;
      this._s.transform = [
        [t[0][0], t[0][1], cur[0][2]],
        [t[1][0], t[1][1], cur[1][2]],
      ];
      return;
    }
    this._s.transform = t;
  }

  /** @internal */
  _absoluteTransform(): Transform {
    const c = containerOf(this);
    if (!c || c.type === 'PAGE' || c.type === 'DOCUMENT') return this._relativeTransform();
    return multiply((c as FakeSceneNode)._absoluteTransform(), this._relativeTransform());
  }

  /** @internal axis-aligned page-space bounds of what this node draws (null when nothing). */
  abstract _renderBounds(): Rect | null;

  private _setTranslation(x: number, y: number): void {
    this._write();
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new Error('in set_x/set_y: Expected a finite number');
    }
    if (this._autoLayoutOwned()) return; // Figma: no-op for auto-layout children
    const t = this._relativeTransform();
    t[0][2] = x;
    t[1][2] = y;
    this._setRelativeTransform(t);
    this._ctx.changed();
  }
}

/** Stack AUTO children of a HORIZONTAL/VERTICAL frame along its axis, padding and spacing included. */
export function autoLayoutPosition(node: FakeSceneNode): { x: number; y: number } {
  const frame = node._s.parent!;
  const s = frame._s;
  const horizontal = s.layoutMode === 'HORIZONTAL';
  let cursor = horizontal ? s.paddingLeft : s.paddingTop;
  for (const c of s.children as FakeSceneNode[]) {
    if (c._s.layoutPositioning !== 'AUTO' || !c._s.visible) {
      if (c === node) break;
      continue;
    }
    // The rotated box's bounds are what auto-layout stacks.
    const size = c._size();
    const rot: Transform = [
      [c._s.transform[0][0], c._s.transform[0][1], 0],
      [c._s.transform[1][0], c._s.transform[1][1], 0],
    ];
    const b = transformedBoxBounds(rot, size.width, size.height);
    if (c === node) {
      return horizontal ? { x: cursor - b.x, y: s.paddingTop - b.y } : { x: s.paddingLeft - b.x, y: cursor - b.y };
    }
    cursor += (horizontal ? b.width : b.height) + s.itemSpacing;
  }
  return { x: node._s.transform[0][2], y: node._s.transform[1][2] };
}

export function tidyRect(r: Rect): Rect {
  return { x: tidy(r.x), y: tidy(r.y), width: tidy(r.width), height: tidy(r.height) };
}

export function localToPageBounds(t: Transform, local: Rect): Rect {
  return boundsOfPoints([
    apply(t, local.x, local.y),
    apply(t, local.x + local.width, local.y),
    apply(t, local.x, local.y + local.height),
    apply(t, local.x + local.width, local.y + local.height),
  ]);
}

export { identity, invert };

/** What exportAsync accepts (Figma's ExportSettingsImage; only PNG is produced). */
export interface ExportSettingsLike {
  format?: string;
  constraint?: { type: 'SCALE' | 'WIDTH' | 'HEIGHT'; value: number };
  useAbsoluteBounds?: boolean;
  contentsOnly?: boolean;
}
