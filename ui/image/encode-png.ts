import type { RgbaImage } from '../../models/engine/types.js';
import { imageDataOf } from './image-data.js';

/** Encodes an image as PNG bytes with the browser's own encoder, for Figma's createImage. */
export async function encodePngAsync(image: RgbaImage): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
  context.putImageData(imageDataOf(image), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}
