import type { RgbaImage } from '../../models/engine/types.js';
import type { Matrix } from '../../plugin/protocol/messages.js';
import { decodeImageAsync } from './decode-image.js';
import { imageDataOf } from './image-data.js';

/** The source as the engine sees it: the layer's image drawn onto the job's canvas. */
export interface ComposedCanvas {
  /** Canvas-size RGBA (transparent where the image does not reach, e.g. outpaint bands). */
  canvas: RgbaImage;
  /** The decoded image at its own resolution. */
  image: RgbaImage;
  /** Set when the image lies on the canvas unscaled at whole-pixel offsets (the usual case). */
  offset: { x: number; y: number } | undefined;
}

/** Translation-only, scale 1, whole pixels: the image's pixels are the canvas's pixels, shifted. */
export function integerOffset(transform: Matrix): { x: number; y: number } | undefined {
  const [[a, c, e], [b, d, f]] = transform;
  if (a !== 1 || d !== 1 || b !== 0 || c !== 0 || !Number.isInteger(e) || !Number.isInteger(f)) return undefined;
  return { x: e, y: f };
}

/** Decodes the layer's image (browser decoder) and places it on the canvas by `transform`. */
export async function composeCanvasAsync(bytes: Uint8Array, canvas: { width: number; height: number }, transform: Matrix): Promise<ComposedCanvas> {
  const image = await decodeImageAsync(bytes);
  const offset = integerOffset(transform);
  if (offset && offset.x === 0 && offset.y === 0 && image.width === canvas.width && image.height === canvas.height) {
    return { canvas: image, image, offset };
  }
  const out = new Uint8ClampedArray(canvas.width * canvas.height * 4);
  if (offset) {
    // Copy rows: exact bytes, no resampling.
    for (let y = 0; y < image.height; y++) {
      const cy = y + offset.y;
      if (cy < 0 || cy >= canvas.height) continue;
      const x0 = Math.max(0, -offset.x);
      const x1 = Math.min(image.width, canvas.width - offset.x);
      if (x1 <= x0) continue;
      out.set(image.data.subarray((y * image.width + x0) * 4, (y * image.width + x1) * 4), (cy * canvas.width + x0 + offset.x) * 4);
    }
    return { canvas: { width: canvas.width, height: canvas.height, data: out }, image, offset };
  }
  const surface = new OffscreenCanvas(canvas.width, canvas.height);
  const context = surface.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
  const bitmap = await createImageBitmap(imageDataOf(image), { premultiplyAlpha: 'none' });
  const [[a, c, e], [b, d, f]] = transform;
  context.imageSmoothingQuality = 'high';
  context.setTransform(a, b, c, d, e, f);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { canvas: { width: canvas.width, height: canvas.height, data: context.getImageData(0, 0, canvas.width, canvas.height).data }, image, offset };
}
