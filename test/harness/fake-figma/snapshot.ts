/// <reference types="@figma/plugin-typings" />
/** A JSON-serializable picture of the document, for assertions and for the browser test. */
import { tidy, tidyTransform, type Rect, type Transform } from './matrix.js';
import { AUTO_LAYOUT_TYPES, type FakeBaseNode } from './nodes/base.js';
import type { FakePageNode } from './nodes/kinds.js';
import type { FakeSceneNode } from './nodes/scene.js';

export type FillSummary =
  | { type: 'SOLID'; color: string; opacity: number; visible: boolean }
  | { type: 'IMAGE'; scaleMode: ImagePaint['scaleMode']; imageHash: string | null; imageTransform?: Transform; opacity: number; visible: boolean }
  | { type: string; opacity: number; visible: boolean };

export interface NodeSnapshot {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  relativeTransform: Transform;
  absoluteTransform: Transform;
  absoluteBoundingBox: Rect | null;
  visible: boolean;
  locked: boolean;
  opacity: number;
  fills: FillSummary[] | null;
  pluginData: Record<string, string>;
  layoutMode?: string;
  layoutPositioning?: string;
  clipsContent?: boolean;
}

export interface DocumentSnapshot {
  pageId: string;
  selection: string[];
  /** Every scene node on the page, depth-first pre-order. */
  nodes: NodeSnapshot[];
}

export function hex(c: RGB): string {
  const h = (v: number): string => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

export function summarizeFills(fills: ReadonlyArray<Paint>): FillSummary[] {
  return fills.map((p): FillSummary => {
    const base = { opacity: p.opacity ?? 1, visible: p.visible ?? true };
    if (p.type === 'SOLID') return { type: 'SOLID', color: hex(p.color), ...base };
    if (p.type === 'IMAGE') {
      const out: FillSummary = { type: 'IMAGE', scaleMode: p.scaleMode, imageHash: p.imageHash, ...base };
      if (p.imageTransform) out.imageTransform = tidyTransform(p.imageTransform as Transform);
      return out;
    }
    return { type: p.type, ...base };
  });
}

export function snapshotNode(n: FakeSceneNode): NodeSnapshot {
  const parent = n.parent;
  const out: NodeSnapshot = {
    id: n.id,
    type: n.type,
    name: n.name,
    parentId: parent?.id ?? null,
    index: parent ? parent._s.children.indexOf(n) : -1,
    x: n.x,
    y: n.y,
    width: n.width,
    height: n.height,
    rotation: tidy(n.rotation),
    relativeTransform: n.relativeTransform,
    absoluteTransform: n.absoluteTransform,
    absoluteBoundingBox: n.absoluteBoundingBox,
    visible: n.visible,
    locked: n.locked,
    opacity: n.opacity,
    fills: 'fills' in n ? summarizeFills((n as unknown as { fills: ReadonlyArray<Paint> }).fills) : null,
    pluginData: { ...n._s.pluginData },
  };
  if (AUTO_LAYOUT_TYPES.has(n.type)) {
    out.layoutMode = n._s.layoutMode;
    out.clipsContent = n._s.clipsContent;
  }
  if (parent && AUTO_LAYOUT_TYPES.has(parent.type) && parent._s.layoutMode !== 'NONE') out.layoutPositioning = n._s.layoutPositioning;
  return out;
}

export function snapshotPage(page: FakePageNode): DocumentSnapshot {
  return {
    pageId: page.id,
    selection: page.selection.map((n) => n.id),
    nodes: (page.findAll() as FakeBaseNode[]).map((n) => snapshotNode(n as FakeSceneNode)),
  };
}
