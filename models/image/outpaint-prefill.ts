import type { RgbaImage } from '../engine/types.js';
import { boxBlurRgba } from './box-blur.js';
import { sourceRectInCanvas, type OutpaintCanvas } from './outpaint-canvas.js';

export type Prefill = 'replicate' | 'blur';

/**
 * The source on the extended canvas, the new area pre-filled: 'replicate' copies the nearest edge pixel
 * outward; 'blur' then smooths the new area (three box blurs, about a Gaussian of `blurRadius`), so
 * the fill carries the edge's colours without its streaks. The new area is opaque (alpha 255); the
 * source's own pixels are copied unchanged.
 */
export function extendCanvas(source: RgbaImage, canvas: OutpaintCanvas, prefill: Prefill = 'blur', blurRadius?: number): RgbaImage {
  const { width, height, offsetX, offsetY } = canvas;
  const inside = sourceRectInCanvas(source, canvas);
  if (inside.width === 0 || inside.height === 0) throw new RangeError('The outpaint canvas does not overlap the source image.');
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(inside.y + inside.height - 1, Math.max(inside.y, y)) - offsetY;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(inside.x + inside.width - 1, Math.max(inside.x, x)) - offsetX;
      const s = (sy * source.width + sx) * 4;
      const d = (y * width + x) * 4;
      const isNew = x < inside.x || x >= inside.x + inside.width || y < inside.y || y >= inside.y + inside.height;
      data[d] = source.data[s]!;
      data[d + 1] = source.data[s + 1]!;
      data[d + 2] = source.data[s + 2]!;
      data[d + 3] = isNew ? 255 : source.data[s + 3]!;
    }
  }
  const extended = { width, height, data };
  if (prefill === 'replicate') return extended;
  const radius = blurRadius ?? Math.max(4, Math.round(Math.min(width, height) / 32));
  const blurred = boxBlurRgba(boxBlurRgba(boxBlurRgba(extended, radius), radius), radius);
  // The new area stays opaque (the blur mixed in the source's alpha near its edge) ...
  for (let i = 3; i < blurred.data.length; i += 4) blurred.data[i] = 255;
  // ... and the source's pixels keep their exact bytes; only the new area takes the blur.
  for (let y = inside.y; y < inside.y + inside.height; y++) {
    const from = (y * width + inside.x) * 4;
    blurred.data.set(data.subarray(from, from + inside.width * 4), from);
  }
  return blurred;
}
