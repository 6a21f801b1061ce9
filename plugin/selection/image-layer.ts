/// <reference types="@figma/plugin-typings" />

/** A layer PowerPaint can take pixels from and place a result over: it has a size, a transform and fills. */
export type ImageLayer = SceneNode & DimensionAndPositionMixin & MinimalFillsMixin;

/** An image layer is any layer whose fills include a visible IMAGE paint (rectangles, frames, ellipses…). */
export function isImageLayer(node: SceneNode): node is ImageLayer {
  return 'fills' in node && 'relativeTransform' in node && topImagePaint(node) !== undefined;
}

/** The topmost visible image fill (Figma draws the last fill on top): the image PowerPaint edits. */
export function topImagePaint(node: MinimalFillsMixin): ImagePaint & { imageHash: string } | undefined {
  const fills = node.fills;
  if (!Array.isArray(fills)) return undefined;
  return [...(fills as readonly Paint[])]
    .reverse()
    .find((paint): paint is ImagePaint & { imageHash: string } =>
      paint.type === 'IMAGE' && paint.visible !== false && paint.imageHash !== null);
}
