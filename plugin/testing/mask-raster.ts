/**
 * Test support: draws mask path data (canvas pixels) into a coverage grid, as the window's canvas `Path2D`
 * fill would, with the fake figma's scanline rasterizer (read-only reuse). Node-only: never bundled.
 */
import { rasterizePolygons, coverageAt } from '../../test/harness/fake-figma/raster/coverage.js';
import { flattenPath, parsePath } from '../../test/harness/fake-figma/path.js';
import type { PathData } from '../protocol/messages.js';

export interface MaskRaster {
  width: number;
  height: number;
  /** Coverage 0..1 per pixel, row-major. */
  data: Float32Array;
}

/** Union (max) of the outlines, each filled with its own winding rule. */
export function rasterizeMask(paths: readonly PathData[], width: number, height: number): MaskRaster {
  const data = new Float32Array(width * height);
  for (const path of paths) {
    const coverage = rasterizePolygons(flattenPath(parsePath(path.data), 0.05), width, height, path.windingRule);
    for (let y = coverage.y0; y < coverage.y1; y++) {
      for (let x = coverage.x0; x < coverage.x1; x++) {
        const i = y * width + x;
        data[i] = Math.max(data[i]!, Math.min(1, coverageAt(coverage, x, y)));
      }
    }
  }
  return { width, height, data };
}

export function maskAt(mask: MaskRaster, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= mask.width || y >= mask.height) return 0;
  return mask.data[y * mask.width + x]!;
}

/** Share of pixels with coverage ≥ 0.5. */
export function maskedShare(mask: MaskRaster): number {
  let count = 0;
  for (const value of mask.data) if (value >= 0.5) count++;
  return count / mask.data.length;
}
