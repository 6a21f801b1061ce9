/// <reference types="@figma/plugin-typings" />
import { topImagePaint, type ImageLayer } from '../selection/image-layer.js';

export interface ResultImage {
  png: Uint8Array;
  /** The task in the person's words, e.g. "Remove object". */
  taskLabel: string;
}

export function resultLayerName(taskLabel: string): string {
  return `${taskLabel} · PowerPaint`;
}

/**
 * Places the result as a new image layer directly above the source, in the same parent, with the
 * source's size and transform (position and rotation) and the source's image paint settings (scale
 * mode, crop, filters), so it covers the source exactly. Selects it and commits one undo step.
 * The source itself is never touched.
 */
export function placeResultLayer(source: ImageLayer, result: ResultImage): RectangleNode {
  const parent = source.parent;
  const sourcePaint = topImagePaint(source);
  if (parent === null || sourcePaint === undefined) {
    throw new Error(`“${source.name}” is no longer an image layer in the document.`);
  }
  const image = figma.createImage(result.png);
  const layer = figma.createRectangle();
  layer.name = resultLayerName(result.taskLabel);
  layer.resize(source.width, source.height);
  layer.fills = [{ ...sourcePaint, imageHash: image.hash }];
  parent.insertChild(parent.children.indexOf(source) + 1, layer);
  // After insertChild: relativeTransform is relative to the parent, which is now the source's parent.
  layer.relativeTransform = source.relativeTransform;
  pageOf(layer).selection = [layer];
  figma.commitUndo();
  return layer;
}

/** The page holding a node; the source may sit on a page other than the current one. */
function pageOf(node: BaseNode): PageNode {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== 'PAGE') current = current.parent;
  return current ?? figma.currentPage;
}
