import type { RgbaImage } from '../../models/engine/types.js';

/**
 * Decodes image bytes (PNG, JPEG, GIF or WebP, as Figma stores them; the browser sniffs which) with
 * the browser's own decoder. Values are kept as stored (no colour-space conversion, no premultiplying
 * on decode) so the engine sees the layer's pixels.
 */
export async function decodeImageAsync(bytes: Uint8Array): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(new Blob([bytes.slice()]), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}
