import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { planOutpaintRun } from '../../models/full-resolution/plan-outpaint-run.js';
import { planInpaintRun } from '../../models/full-resolution/plan-inpaint-windows.js';
import type { OutpaintTarget } from '../../models/image/outpaint-canvas.js';
import { modelGeometry } from '../../models/image/context-window.js';

type ModelShape = { sampleSize: number; vaeScaleFactor: number; sizeMultiple: number };

/**
 * How many model runs a job makes, from the full-resolution runners' own plans (an outpaint target goes
 * window by window, anything else is inpainted), so the time estimate counts what will really run.
 */
export function countJobWindows(job: { image: RgbaImage; mask: MaskImage; outpaintTarget?: OutpaintTarget | undefined }, manifest: ModelShape): number {
  if (job.outpaintTarget === undefined) return countInpaintWindows(job.mask, manifest);
  try {
    return planOutpaintRun(job.image, job.outpaintTarget, manifest).windows.length;
  } catch {
    // A canvas the runner refuses: the run says why; the estimate counts the one window it would try.
    return 1;
  }
}

/** How many windows the inpaint runner makes for this mask (0 for an empty one). */
export function countInpaintWindows(mask: MaskImage, manifest: ModelShape): number {
  return planInpaintRun(mask, modelGeometry(manifest)).windows.length;
}
