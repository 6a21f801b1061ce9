/// <reference types="@figma/plugin-typings" />
/** Where a node sits in the document: its page, its container parent, its transform to the page. */
import { compose, IDENTITY, invert, type Matrix } from '../geometry/affine.js';

/** The page holding a node; the node may sit on a page other than the current one. */
export function pageOf(node: BaseNode): PageNode {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== 'PAGE') current = current.parent;
  return current ?? figma.currentPage;
}

/**
 * Page ← the space `node`'s `relativeTransform` is in (its container parent's). Derived from the node's own
 * transforms, absoluteTransform ∘ relativeTransform⁻¹, so no list of which node types are containers is needed.
 */
export function containerTransformOf(node: SceneNode & LayoutMixin): Matrix {
  return compose(node.absoluteTransform as Matrix, invert(node.relativeTransform as Matrix));
}

/** The outermost instance `node` is in (or is), or null: Figma adds no layers anywhere inside an instance. */
export function outermostInstance(node: SceneNode): InstanceNode | null {
  let found: InstanceNode | null = null;
  for (let current: BaseNode | null = node; current !== null && isSceneNode(current); current = current.parent) {
    if (current.type === 'INSTANCE') found = current;
  }
  return found;
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
