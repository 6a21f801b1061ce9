/// <reference types="@figma/plugin-typings" />
/** Where a node sits in the document: its page, its container parent, its transform to the page. */
import { IDENTITY, type Matrix } from '../geometry/affine.js';

/** Node types whose children are positioned relative to them (Figma's "container parents"). */
const NOT_CONTAINERS: ReadonlySet<string> = new Set(['GROUP', 'BOOLEAN_OPERATION']);

/** The page holding a node; the node may sit on a page other than the current one. */
export function pageOf(node: BaseNode): PageNode {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== 'PAGE') current = current.parent;
  return current ?? figma.currentPage;
}

/** Page ← container-local: what a child's `relativeTransform` is relative to (groups don't count). */
export function containerTransform(parent: BaseNode & ChildrenMixin): Matrix {
  let container: BaseNode | null = parent;
  while (container !== null && NOT_CONTAINERS.has(container.type)) container = container.parent;
  if (container === null || container.type === 'PAGE' || container.type === 'DOCUMENT') return IDENTITY;
  return (container as SceneNode & LayoutMixin).absoluteTransform as Matrix;
}

/** Page ← node-local. */
export function absoluteTransformOf(node: SceneNode): Matrix {
  return ('absoluteTransform' in node ? node.absoluteTransform : IDENTITY) as Matrix;
}

export function isSceneNode(node: BaseNode): node is SceneNode {
  return node.type !== 'DOCUMENT' && node.type !== 'PAGE';
}

/** True when `ancestor` is `node` or one of its parents. */
export function isSelfOrAncestor(ancestor: BaseNode, node: BaseNode): boolean {
  for (let current: BaseNode | null = node; current !== null; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** Visible on the canvas: the node and all its parents are visible. */
export function isShown(node: SceneNode): boolean {
  for (let current: BaseNode | null = node; current !== null && isSceneNode(current); current = current.parent) {
    if (!current.visible) return false;
  }
  return true;
}

/** The node's size, for nodes that have one. */
export function sizeOf(node: SceneNode): { width: number; height: number } {
  return 'width' in node ? { width: node.width, height: node.height } : { width: 0, height: 0 };
}
