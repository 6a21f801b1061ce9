/** The benchmark's requests: an image with structure everywhere and a rectangular mask. */
import type { InpaintRequest, MaskImage, RgbaImage } from '../../models/engine/types.js';
import { gradientImage, rectMask } from '../../test/engine/fixtures-pixels.js';

export { gradientImage, rectMask };

/** A centred square mask covering `fraction` of the image's area. */
export function centredMask(width: number, height: number, fraction: number): MaskImage {
  const side = Math.max(8, Math.round(Math.sqrt(fraction * width * height)));
  const x0 = Math.max(0, Math.round((width - side) / 2));
  const y0 = Math.max(0, Math.round((height - side) / 2));
  return rectMask(width, height, x0, y0, Math.min(width, x0 + side), Math.min(height, y0 + side));
}

export function benchRequest(size: number, steps: number, image: RgbaImage = gradientImage(size, size)): InpaintRequest {
  // Object insertion with guidance 7.5: the UNet runs as a batch of two (negative, positive), as in the app.
  return { image, mask: centredMask(size, size, 0.25), task: 'object', prompt: 'a red cat on a chair', steps, guidance: 7.5, seed: 1234 };
}
