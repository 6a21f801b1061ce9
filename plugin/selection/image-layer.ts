/// <reference types="@figma/plugin-typings" />

/** The topmost visible image fill (Figma draws the last fill on top): the image PowerPaint edits. */
export function topImagePaint(node: MinimalFillsMixin): ImagePaint & { imageHash: string } | undefined {
  const fills = node.fills;
  if (!Array.isArray(fills)) return undefined;
  return [...(fills as readonly Paint[])]
    .reverse()
    .find((paint): paint is ImagePaint & { imageHash: string } =>
      paint.type === 'IMAGE' && paint.visible !== false && paint.imageHash !== null);
}
