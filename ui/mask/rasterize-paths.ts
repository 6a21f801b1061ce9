import type { MaskImage } from '../../models/engine/types.js';
import type { PathData } from '../../plugin/protocol/messages.js';

/**
 * Fills SVG path outlines (already in canvas pixels, from the plugin) into a mask at the canvas's
 * resolution with the browser's Path2D, each with its own winding rule. Anti-aliased edges are
 * binarized at half coverage, so a pixel is repainted when the shape covers most of it.
 */
export function rasterizePaths(paths: readonly PathData[], width: number, height: number): MaskImage {
  const data = new Uint8Array(width * height);
  if (paths.length === 0) return { width, height, data };
  const surface = new OffscreenCanvas(width, height);
  const context = surface.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('This browser cannot draw off screen (no 2D OffscreenCanvas).');
  context.fillStyle = '#fff';
  for (const path of paths) context.fill(new Path2D(path.data), path.windingRule === 'EVENODD' ? 'evenodd' : 'nonzero');
  const pixels = context.getImageData(0, 0, width, height).data;
  for (let i = 0; i < data.length; i++) data[i] = pixels[i * 4 + 3]! >= 128 ? 255 : 0;
  return { width, height, data };
}
