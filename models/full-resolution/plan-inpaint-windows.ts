import { planContextWindow, type ContextOptions, type ModelGeometry } from '../image/context-window.js';
import { unionRect, type Rect, type Size } from '../image/rect.js';
import type { PlannedWindow } from './types.js';

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
