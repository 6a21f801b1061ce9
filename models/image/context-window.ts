import { clampRect, expandRect, type Rect, type Size } from './rect.js';

/** What the model can run at, from the bundle's manifest. */
export interface ModelGeometry {
  /** Native side in pixels: sampleSize · vaeScaleFactor (512 for SD-1.5). */
  nativeSize: number;
  /** Model sides must be multiples of this (8 for SD-1.5). */
  sizeMultiple: number;
  /** Largest side the engine accepts. */
  maxSide: number;
  /**
   * Whether a window smaller than the native size is enlarged to it (a diffusion model paints best at
   * its training size). An engine that works at any size says false, and such a window runs as it is.
   */
  upscale: boolean;
}

export function modelGeometry(manifest: { sampleSize: number; vaeScaleFactor: number; sizeMultiple: number; upscale?: boolean }): ModelGeometry {
  const nativeSize = manifest.sampleSize * manifest.vaeScaleFactor;
  return { nativeSize, sizeMultiple: manifest.sizeMultiple, maxSide: nativeSize * 4, upscale: manifest.upscale ?? true };
}

/** A crop of the source and the size the model runs it at. */
export interface ContextWindow {
  /** In source pixels, inside the image. */
  rect: Rect;
  /** Model input size: multiples of `sizeMultiple`, about nativeSize² pixels in all. */
  modelWidth: number;
  modelHeight: number;
}

export interface ContextOptions {
  /** Pixels that must be inside the window around the area (grow + colour ring), before any margin. */
  pad: number;
  /** Extra context as a fraction of the area's longer side (default 0.25) ... */
  marginFraction?: number;
  /** ... or at least this many pixels (default 32). */
  marginPixels?: number;
  /** Longest ratio of window sides; the short side is widened, where the image allows (default 2). */
  maxAspect?: number;
}

/**
 * The window around `area` (bounds of what to repaint): the area plus pad plus margin, widened to at
 * least the model's native size where the image allows, its aspect kept within `maxAspect`, centred on
 * the area and shifted (never shrunk) to stay inside the image. The model runs it at about the native
 * pixel count; a window of exactly the native size runs at scale 1 (no resampling).
 */
export function planContextWindow(area: Rect, image: Size, model: ModelGeometry, options: ContextOptions): ContextWindow {
  const margin = Math.max(options.marginPixels ?? 32, Math.round((options.marginFraction ?? 0.25) * Math.max(area.width, area.height)));
  const needed = clampRect(expandRect(area, options.pad + margin), image);
  const maxAspect = options.maxAspect ?? 2;
  let width = Math.max(needed.width, Math.min(model.nativeSize, image.width));
  let height = Math.max(needed.height, Math.min(model.nativeSize, image.height));
  if (width > height * maxAspect) height = Math.min(image.height, Math.ceil(width / maxAspect));
  if (height > width * maxAspect) width = Math.min(image.width, Math.ceil(height / maxAspect));
  const x = centredStart(needed.x, needed.width, width, image.width);
  const y = centredStart(needed.y, needed.height, height, image.height);
  const rect = { x, y, width, height };
  return { rect, ...modelSizeFor(rect, model) };
}

/**
 * The model size for a window: same aspect, about nativeSize² pixels (at most the window's own, where
 * the engine does not upscale), sides multiples of sizeMultiple.
 */
export function modelSizeFor(window: Size, model: ModelGeometry): { modelWidth: number; modelHeight: number } {
  const scale = Math.min(model.upscale ? Infinity : 1, model.nativeSize / Math.sqrt(window.width * window.height));
  const fit = (side: number) => Math.min(model.maxSide, Math.max(model.sizeMultiple, Math.round((side * scale) / model.sizeMultiple) * model.sizeMultiple));
  return { modelWidth: fit(window.width), modelHeight: fit(window.height) };
}

function centredStart(start: number, length: number, size: number, limit: number): number {
  const ideal = Math.round(start + length / 2 - size / 2);
  return Math.min(limit - size, Math.max(0, ideal));
}
