import { planContextWindow, type ContextOptions, type ModelGeometry } from '../image/context-window.js';
import { unionRect, type Rect, type Size } from '../image/rect.js';
import type { MaskImage } from '../engine/types.js';
import { findMaskRegions, type MaskRegions } from '../image/mask-regions.js';
import type { InpaintOptions, PlannedWindow } from './types.js';

/**
 * One window per masked region; regions whose shared window still fits the model's native size (so
 * runs at scale 1) share it, since that costs nothing in resolution and saves a run. Far-apart
 * regions keep their own windows.
 */
export function planInpaintWindows(regions: readonly Rect[], image: Size, model: ModelGeometry, options: ContextOptions): PlannedWindow[] {
  const groups = regions.map((bounds, i) => ({ bounds, regions: [i] }));
  const fitsNative = (bounds: Rect) => {
    const { rect } = planContextWindow(bounds, image, model, options);
    return rect.width <= model.nativeSize && rect.height <= model.nativeSize;
  };
  for (let merged = true; merged; ) {
    merged = false;
    for (let a = 0; a < groups.length && !merged; a++) {
      for (let b = a + 1; b < groups.length && !merged; b++) {
        const union = unionRect(groups[a]!.bounds, groups[b]!.bounds);
        if (!fitsNative(union)) continue;
        groups[a] = { bounds: union, regions: [...groups[a]!.regions, ...groups[b]!.regions] };
        groups.splice(b, 1);
        merged = true;
      }
    }
  }
  return groups.map((g) => ({ ...planContextWindow(g.bounds, image, model, options), regions: g.regions }));
}

/**
 * The windows an inpaint run makes for `mask` with these options: areas whose grown masks could touch are one
 * region (so no two windows repaint the same pixel), each window padded for the grow and the colour ring.
 * The runner and the window's time estimate both use it, so the estimate counts what will run.
 */
export function planInpaintRun(mask: MaskImage, model: ModelGeometry, options: InpaintOptions = {}): { found: MaskRegions; windows: PlannedWindow[] } {
  const grow = options.grow ?? DEFAULT_GROW;
  const ring = options.ring ?? DEFAULT_RING;
  const found = findMaskRegions(mask, { reach: 2 * grow + 2 });
  const windows = planInpaintWindows(found.regions, mask, model, {
    pad: grow + ring + 1,
    ...(options.marginFraction !== undefined && { marginFraction: options.marginFraction }),
    ...(options.marginPixels !== undefined && { marginPixels: options.marginPixels }),
  });
  return { found, windows };
}

/** How far beyond the mask the model repaints, and the colour-matched band outside that, by default. */
export const DEFAULT_GROW = 8;
export const DEFAULT_RING = 12;
