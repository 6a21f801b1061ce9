import type { MaskImage, RgbaImage } from '../engine/types.js';

/**
 * A mask from transparency: 255 (repaint) where the image's alpha is below `threshold`, 0 where it is
 * at least that opaque. Use it to fill the transparent parts of a layer.
 */
export function maskFromAlpha(image: RgbaImage, threshold = 128): MaskImage {
  const data = new Uint8Array(image.width * image.height);
  for (let i = 0; i < data.length; i++) data[i] = image.data[i * 4 + 3]! < threshold ? 255 : 0;
  return { width: image.width, height: image.height, data };
}
