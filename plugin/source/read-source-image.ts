/// <reference types="@figma/plugin-typings" />
import { topImagePaint, type ImageLayer } from '../selection/image-layer.js';

export interface SourceImage {
  /** The image as Figma stores it (PNG, JPEG, GIF or WebP); the window decodes it, the sandbox can't. */
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * The layer's image fill, not a rendering of the layer: a rendering of a rotated layer is its rotated
 * bounding box, while the fill is the unrotated image at its own resolution. A result placed with the
 * same paint settings then lines up with the source at any rotation, crop or scale mode.
 */
export async function readSourceImageAsync(layer: ImageLayer): Promise<SourceImage> {
  const paint = topImagePaint(layer);
  const image = paint === undefined ? null : figma.getImageByHash(paint.imageHash);
  if (image === null) throw new Error(`“${layer.name}” has no image data Figma can read.`);
  const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
  return { bytes, width: size.width, height: size.height };
}
