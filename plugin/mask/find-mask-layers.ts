/// <reference types="@figma/plugin-typings" />
/**
 * Which layers are a source's mask: one explicit, predictable rule, shown to the person before running.
 * 1. 'selected': shape layers selected together with the source (that overlap it);
 * 2. else 'named': visible layers on the page whose name contains the word "mask" and that overlap it;
 * 3. else 'above': visible shape layers above it in the same parent that overlap it.
 * A shape is a rectangle, ellipse, polygon, star, line, vector (pen) or boolean group without an image fill,
 * or a group made only of such shapes. "Overlap" is the shape's outline bounds meeting the source's area.
 * When no rule finds a shown layer, the shapes an earlier run used and hid under rules 2 and 3 are named in
 * `usedUp`, so the person is told why there is no mask any more.
 */
import { isSceneNode, isSelfOrAncestor, isShown, pageOf } from '../document/node-tree.js';
import type { MaskRule } from '../protocol/messages.js';
import { topImagePaint } from '../selection/image-layer.js';
import { isUsedUpMaskShape } from './used-up-mark.js';

export interface MaskChoice {
  rule: MaskRule | null;
  layers: SceneNode[];
  /** Shapes a run hid that would be the mask if shown; empty when `layers` is not. */
  usedUp: SceneNode[];
}

const SHAPE_TYPES: ReadonlySet<string> = new Set(['RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'LINE', 'VECTOR', 'BOOLEAN_OPERATION']);
const MASK_NAME = /(^|[^a-z0-9])mask([^a-z0-9]|$)/i;

/** True for shape layers (and groups of only shapes) without an image fill: they can mark a mask. */
export function isMaskShape(node: SceneNode): boolean {
  if (isFigmaMask(node)) return false;
  if (node.type === 'GROUP') return node.children.length > 0 && node.children.every((child) => isMaskShape(child));
  if (!SHAPE_TYPES.has(node.type)) return false;
  return !('fills' in node) || topImagePaint(node as MinimalFillsMixin & SceneNode) === undefined;
}

export function hasMaskName(node: SceneNode): boolean {
  return MASK_NAME.test(node.name);
}

/**
 * What the mask choices of one event share (a selection change, a run's start): the shapes selected with the
 * sources, and one search per page for mask-named layers. A findAll walks the whole page, which is slow on big
 * pages: searching once per event, not once per source, keeps a selection of many layers quick.
 */
export interface MaskSearch {
  selectedShapes: readonly SceneNode[];
  namedLayersAsync(page: PageNode): Promise<readonly SceneNode[]>;
}

export function maskSearch(selectedShapes: readonly SceneNode[]): MaskSearch {
  // By id: the docs don't promise the same node object on every read.
  const searched = new Map<string, Promise<readonly SceneNode[]>>();
  return {
    selectedShapes,
    namedLayersAsync(page) {
      const named = searched.get(page.id) ?? searchNamedLayersAsync(page);
      searched.set(page.id, named);
      return named;
    },
  };
}

async function searchNamedLayersAsync(page: PageNode): Promise<readonly SceneNode[]> {
  // plugin-api.d.ts, ChildrenMixin: with documentAccess "dynamic-page" "you must first call PageNode.loadAsync"
  // before reading another page's children; only the current page is loaded when the plugin starts.
  if (page !== figma.currentPage) await page.loadAsync();
  return page.findAll(hasMaskName);
}

export async function findMaskLayersAsync(source: SceneNode, search: MaskSearch, overlaps: (layer: SceneNode) => boolean): Promise<MaskChoice> {
  if (search.selectedShapes.length > 0) return { rule: 'selected', layers: search.selectedShapes.filter(overlaps), usedUp: [] };
  // Searched earlier in the same event: a layer deleted since is left out.
  const named = (await search.namedLayersAsync(pageOf(source))).filter((node) => !node.removed);
  const shown = byNameOrPlace(source, named, 'shown', overlaps);
  if (shown.rule !== null) return { ...shown, usedUp: [] };
  return { rule: null, layers: [], usedUp: byNameOrPlace(source, named, 'used-up', overlaps).layers };
}

/** Rule 2 among the page's mask-named layers, else rule 3; among the shown layers or among those a run hid. */
function byNameOrPlace(
  source: SceneNode,
  maskNamed: readonly SceneNode[],
  state: 'shown' | 'used-up',
  overlaps: (layer: SceneNode) => boolean,
): { rule: 'named' | 'above' | null; layers: SceneNode[] } {
  const named = maskNamed.filter(
    (node) =>
      !isSelfOrAncestor(node, source) && !isSelfOrAncestor(source, node) && !isNestedInOther(node) && !isImage(node) && !isFigmaMask(node) && inState(node, state, true) && overlaps(node),
  );
  if (named.length > 0) return { rule: 'named', layers: named };

  const parent = source.parent;
  if (parent === null || !('children' in parent)) return { rule: null, layers: [] };
  const siblings = parent.children as readonly SceneNode[];
  const above = siblings.slice(siblings.indexOf(source) + 1).filter((node) => inState(node, state, false) && isMaskShape(node) && overlaps(node));
  return above.length > 0 ? { rule: 'above', layers: above } : { rule: null, layers: [] };
}

/**
 * Shown (with its parents too when `withParents`: a named layer may lie anywhere on the page), or hidden by a run
 * while its parents are shown (it alone was hidden). Siblings above the source share its parents.
 */
function inState(node: SceneNode, state: 'shown' | 'used-up', withParents: boolean): boolean {
  const parent = node.parent;
  const parentsShown = !withParents || parent === null || !isSceneNode(parent) || isShown(parent);
  return parentsShown && (state === 'shown' ? node.visible : isUsedUpMaskShape(node));
}

/** A mask-named layer inside another mask-named layer is drawn by its parent already. */
function isNestedInOther(node: SceneNode): boolean {
  for (let parent = node.parent; parent !== null && parent.type !== 'PAGE'; parent = parent.parent) {
    if (hasMaskName(parent as SceneNode)) return true;
  }
  return false;
}

/** A Figma mask (`isMask`) clips the layers above it: it is part of the design, never a PowerPaint mask to hide. */
function isFigmaMask(node: SceneNode): boolean {
  return 'isMask' in node && node.isMask;
}

function isImage(node: SceneNode): boolean {
  return 'fills' in node && topImagePaint(node as MinimalFillsMixin & SceneNode) !== undefined;
}
