/// <reference types="@figma/plugin-typings" />
/**
 * A layer's filled outline as Figma describes it, in page coordinates' terms: each part is path data in some
 * node's local space plus that node's page ← local matrix. Groups contribute their visible children; a
 * boolean group its own computed `fillGeometry`; shapes their `fillGeometry` (or `vectorPaths`), and their
 * `strokeGeometry` when they have visible strokes (a pen line drawn as a brush).
 */
import { compose, type Matrix } from '../geometry/affine.js';
import { parsePathData, transformSegments, writePathData } from '../geometry/path-data.js';
import { absoluteTransformOf } from '../document/node-tree.js';
import type { PathData } from '../protocol/messages.js';

export interface OutlinePart {
  pageFromLocal: Matrix;
  paths: PathData[];
}

/**
 * The mask layer itself counts even when hidden (a run hides the shapes it used; later jobs of the same run
 * still use them); hidden children of a group don't.
 */
export function layerOutlines(node: SceneNode): OutlinePart[] {
  if (node.type === 'GROUP' || (node.type === 'BOOLEAN_OPERATION' && ownGeometry(node).length === 0)) {
    return (node as ChildrenMixin).children.flatMap((child) => ((child as SceneNode).visible ? layerOutlines(child as SceneNode) : []));
  }
  const paths = ownGeometry(node);
  const pageFromLocal = absoluteTransformOf(node);
  if (paths.length > 0) return [{ pageFromLocal, paths }];
  if (!('width' in node) || 'children' in node) return [];
  // No geometry reported: its box.
  return [{ pageFromLocal, paths: [{ windingRule: 'NONZERO', data: `M 0 0 L ${node.width} 0 L ${node.width} ${node.height} L 0 ${node.height} Z` }] }];
}

/** All of the layer's outlines mapped by `target ← page`, as path data. */
export function outlinesIn(node: SceneNode, targetFromPage: Matrix): PathData[] {
  return layerOutlines(node).flatMap((part) => {
    const m = compose(targetFromPage, part.pageFromLocal);
    return part.paths.map((p) => ({ windingRule: p.windingRule, data: writePathData(transformSegments(parsePathData(p.data), m)) }));
  });
}

function ownGeometry(node: SceneNode): PathData[] {
  const fills = 'fillGeometry' in node ? filled(node.fillGeometry) : [];
  const vectors = fills.length === 0 && 'vectorPaths' in node ? filled(node.vectorPaths) : [];
  return [...fills, ...vectors, ...strokeOutline(node)];
}

function strokeOutline(node: SceneNode): PathData[] {
  if (!('strokeGeometry' in node) || !('strokes' in node)) return [];
  const strokes = node.strokes as readonly Paint[];
  const weight = (node as { strokeWeight?: number | symbol }).strokeWeight;
  const hasStroke = Array.isArray(strokes) && strokes.some((paint) => paint.visible !== false) && (typeof weight !== 'number' || weight > 0);
  return hasStroke ? filled(node.strokeGeometry) : [];
}

function filled(paths: readonly { windingRule: string; data: string }[] | undefined): PathData[] {
  if (!Array.isArray(paths)) return [];
  return paths
    .filter((p) => p.windingRule !== 'NONE' && p.data.trim() !== '')
    .map((p) => ({ windingRule: p.windingRule === 'EVENODD' ? 'EVENODD' : 'NONZERO', data: p.data }));
}
