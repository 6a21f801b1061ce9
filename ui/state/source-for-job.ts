import type { MaskImage } from '../../models/engine/types.js';
import type { SourcePixels } from '../../plugin/protocol/messages.js';
import { composeCanvasAsync, type ComposedCanvas } from '../image/compose-canvas.js';
import { cropAround, type ShapeCrop } from '../mask/held-mask-shapes.js';
import { rasterizePaths } from '../mask/rasterize-paths.js';

/** A source's pixels ready for the editor and the engine: canvas, Figma's mask shapes, outpaint region. */
export interface PreparedSource {
  pixels: SourcePixels;
  composed: ComposedCanvas;
  /** The mask layers' outlines filled at canvas resolution (empty when there are none). */
  shapes: MaskImage;
  /** Each mask layer filled on its own, to tell which of them the painted mask still holds. */
  shapeCrops: ShapeCrop[];
  /** Outpaint: the area outside the image to fill; null for other tasks. */
  region: MaskImage | null;
}

export async function prepareSourceAsync(pixels: SourcePixels): Promise<PreparedSource> {
  const { width, height } = pixels.canvas;
  const composed = await composeCanvasAsync(pixels.image, pixels.canvas, pixels.imageTransform);
  const shapes = rasterizePaths(pixels.masks.flatMap((shape) => shape.paths), width, height);
  const shapeCrops = pixels.masks.flatMap((shape) => cropAround({ id: shape.id, name: shape.name }, rasterizePaths(shape.paths, width, height)) ?? []);
  const region = pixels.outpaintRegion === null ? null : rasterizePaths(pixels.outpaintRegion, width, height);
  return { pixels, composed, shapes, shapeCrops, region };
}

/** Same layer, same canvas, same placement: a prepared source can stand in for a job's pixels. */
export function samePixels(a: SourcePixels, b: SourcePixels): boolean {
  return (
    a.sourceId === b.sourceId &&
    a.canvas.width === b.canvas.width &&
    a.canvas.height === b.canvas.height &&
    a.imageWidth === b.imageWidth &&
    a.imageHeight === b.imageHeight &&
    JSON.stringify(a.imageTransform) === JSON.stringify(b.imageTransform) &&
    a.image.length === b.image.length
  );
}
