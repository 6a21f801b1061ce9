import type { MaskImage } from '../engine/types.js';
import { sourceRectInCanvas, type OutpaintCanvas } from './outpaint-canvas.js';
import type { Size } from './rect.js';

/**
 * The outpaint mask on the canvas: 255 over the new area, plus a band `overlap` pixels deep inside the
 * source along each edge that borders new area (so the seam itself is repainted), 0 elsewhere.
 */
export function outpaintMask(source: Size, canvas: OutpaintCanvas, overlap: number): MaskImage {
  const inside = sourceRectInCanvas(source, canvas);
  const left = inside.x > 0 ? overlap : 0;
  const top = inside.y > 0 ? overlap : 0;
  const right = inside.x + inside.width < canvas.width ? overlap : 0;
  const bottom = inside.y + inside.height < canvas.height ? overlap : 0;
  const keepX0 = inside.x + left;
  const keepX1 = inside.x + inside.width - right;
  const keepY0 = inside.y + top;
  const keepY1 = inside.y + inside.height - bottom;
  const data = new Uint8Array(canvas.width * canvas.height).fill(255);
  if (keepX1 > keepX0) for (let y = Math.max(0, keepY0); y < keepY1; y++) data.fill(0, y * canvas.width + keepX0, y * canvas.width + keepX1);
  return { width: canvas.width, height: canvas.height, data };
}
