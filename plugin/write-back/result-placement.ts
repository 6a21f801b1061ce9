/// <reference types="@figma/plugin-typings" />
/**
 * Where a source's results go, and how a patch is painted. Figma refuses to add a layer anywhere inside an
 * instance ("Cannot move node. New parent is an instance or is inside of an instance"), so a source inside one
 * gets its results beside the outermost instance, at the same place on the page (plugin/README.md); any other
 * source gets them in its own parent.
 */
import { invert, type Matrix } from '../geometry/affine.js';
import { containerTransformOf, outermostInstance } from '../document/node-tree.js';
import type { SourceNode } from '../source/classify-source.js';

export interface ResultPlacement {
  parent: BaseNode & ChildrenMixin;
  /** The layer the results stack above: the source, or the outermost instance that holds it. */
  anchor: SceneNode & LayoutMixin;
  /** The space a result's relativeTransform is in ← page. */
  containerFromPage: Matrix;
  /** Auto-layout (frames, components, component sets) would move the result and push its siblings. */
  inAutoLayout: boolean;
}

/** Null when the source has left the document. */
export function resultPlacement(source: SourceNode): ResultPlacement | null {
  const anchor: SceneNode & LayoutMixin = outermostInstance(source) ?? source;
  const parent = anchor.parent;
  if (parent === null || !('children' in parent)) return null;
  return {
    parent,
    anchor,
    containerFromPage: invert(containerTransformOf(anchor)),
    inAutoLayout: 'layoutMode' in parent && parent.layoutMode !== 'NONE',
  };
}

/**
 * A patch's paint. Pixels read from an image fill are the image before the fill's filters, and so are the
 * result's: the patch takes the same filters and blend mode so it looks like the fill around it (exported pixels
 * already show them). Its opacity is the plan's (opaque, see source-plan.ts). The fill's rotation is not copied:
 * turned fills are exported, never read from their bytes.
 */
export function patchPaint(imageHash: string, readFrom: ImagePaint | null): ImagePaint {
  const paint: ImagePaint = { type: 'IMAGE', scaleMode: 'FILL', imageHash };
  if (readFrom === null) return paint;
  return {
    ...paint,
    ...(readFrom.filters === undefined ? {} : { filters: readFrom.filters }),
    ...(readFrom.opacity === undefined ? {} : { opacity: readFrom.opacity }),
    ...(readFrom.blendMode === undefined ? {} : { blendMode: readFrom.blendMode }),
  };
}

/**
 * The layer a result goes in. A whole-canvas result keeps the source's outline and stroke: an ellipse stays an
 * ellipse, a rounded rectangle keeps its corners (a square layer would show the image where the source shows
 * none), and the stroke the result covers is drawn again on it. Patches are plain rectangles.
 */
export function createResultLayer(source: SourceNode, whole: boolean): RectangleNode | EllipseNode {
  if (!whole) return figma.createRectangle();
  let layer: RectangleNode | EllipseNode;
  if (source.type === 'ELLIPSE') {
    layer = figma.createEllipse();
    if ('arcData' in source) layer.arcData = source.arcData;
  } else {
    layer = figma.createRectangle();
    if (source.type === 'RECTANGLE' || source.type === 'FRAME') copyCorners(source, layer);
  }
  if ('strokes' in source && source.strokes.length > 0) copyStroke(source, layer);
  return layer;
}

function copyStroke(source: MinimalStrokesMixin, layer: RectangleNode | EllipseNode): void {
  layer.strokes = source.strokes;
  layer.strokeAlign = source.strokeAlign;
  if (typeof source.strokeWeight === 'number') layer.strokeWeight = source.strokeWeight;
}

function copyCorners(source: RectangleNode | FrameNode, layer: RectangleNode): void {
  if (typeof source.cornerRadius === 'number') {
    if (source.cornerRadius > 0) layer.cornerRadius = source.cornerRadius;
    return;
  }
  layer.topLeftRadius = source.topLeftRadius;
  layer.topRightRadius = source.topRightRadius;
  layer.bottomLeftRadius = source.bottomLeftRadius;
  layer.bottomRightRadius = source.bottomRightRadius;
}
