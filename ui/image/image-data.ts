import type { RgbaImage } from '../../models/engine/types.js';

/**
 * An image as the canvas API's ImageData. Its pixels are shared, not copied: putImageData and createImageBitmap
 * copy them anyway. Only pixels in a shared buffer are copied first, since ImageData refuses those.
 */
export function imageDataOf(image: RgbaImage): ImageData {
  const { data } = image;
  const own = data.buffer instanceof ArrayBuffer ? (data as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(data);
  return new ImageData(own, image.width, image.height);
}
