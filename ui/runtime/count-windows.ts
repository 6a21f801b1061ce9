import type { MaskImage } from '../../models/engine/types.js';
import { modelGeometry } from '../../models/image/context-window.js';
import { findMaskRegions } from '../../models/image/mask-regions.js';
import { planInpaintWindows } from '../../models/full-resolution/plan-inpaint-windows.js';

type ModelShape = { sampleSize: number; vaeScaleFactor: number; sizeMultiple: number };

/**
 * How many model runs a mask needs: the full-resolution runner's own window plan (same grow and
 * colour-ring padding as its defaults), so the time estimate counts what will really run.
 */
export function countInpaintWindows(mask: MaskImage, manifest: ModelShape): number {
  const grow = 8;
  const ring = 12;
  const found = findMaskRegions(mask, { reach: 2 * grow + 2 });
  if (found.regions.length === 0) return 0;
  return planInpaintWindows(found.regions, mask, modelGeometry(manifest), { pad: grow + ring + 1 }).length;
}

/** Outpaint runs about one native-size window per native-size tile of new area, nearest first. */
export function estimateOutpaintWindows(newPixels: number, manifest: ModelShape): number {
  const side = manifest.sampleSize * manifest.vaeScaleFactor;
  return Math.max(1, Math.ceil(newPixels / (side * side * 0.75)));
}
