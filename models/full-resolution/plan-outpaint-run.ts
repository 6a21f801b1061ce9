import { modelGeometry } from '../image/context-window.js';
import { cropMask } from '../image/crop.js';
import { outpaintCanvas, sourceRectInCanvas, type OutpaintCanvas, type OutpaintTarget } from '../image/outpaint-canvas.js';
import { outpaintMask } from '../image/outpaint-mask.js';
import { planOutpaintWindows } from '../image/outpaint-windows.js';
import type { Rect, Size } from '../image/rect.js';
import { checkSourceSize } from './check-source.js';
import { windowMasks } from './paste-window.js';
import type { OutpaintOptions, WindowEngine } from './types.js';

/** What an outpaint run will do, known before it runs: the canvas and the windows the model runs on, in order. */
export interface OutpaintRunPlan {
  canvas: OutpaintCanvas;
  sourceRect: Rect;
  /** Only windows with new pixels left to fill when their turn comes: each costs one model run per variation. */
  windows: Rect[];
  overlap: number;
  ring: number;
}

/**
 * Plans an outpaint run. Which windows still have unfilled pixels depends only on the geometry (each window
 * marks its repaint mask filled), so it is worked out here once: the runner and the window's time estimate
 * both count exactly these windows.
 */
export function planOutpaintRun(image: Size, target: OutpaintTarget, manifest: WindowEngine['manifest'], options: OutpaintOptions = {}): OutpaintRunPlan {
  const canvas = outpaintCanvas(image, target);
  checkSourceSize(canvas.width, canvas.height, 'extended canvas');
  const side = options.windowSide ?? modelGeometry(manifest).nativeSize;
  const overlap = options.overlap ?? 8;
  const ring = options.ring ?? 12;
  const sourceRect = sourceRectInCanvas(image, canvas);
  const candidates = planOutpaintWindows(canvas, sourceRect, { side, context: options.context ?? Math.round(side / 4) });
  const unfilled = outpaintMask(image, canvas, 0);
  const windows: Rect[] = [];
  for (const rect of candidates) {
    const focus = cropMask(unfilled, rect);
    if (!focus.data.some((x) => x >= 128)) continue;
    windows.push(rect);
    markFilled(unfilled, rect, windowMasks(focus, overlap, overlap, ring).engineMask);
  }
  return { canvas, sourceRect, windows, overlap, ring };
}

/** Clears, in the canvas-wide `unfilled` mask, what a window at `rect` repaints. */
export function markFilled(unfilled: { width: number; data: Uint8Array }, rect: Rect, repainted: { data: Uint8Array }): void {
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) if (repainted.data[y * rect.width + x]) unfilled.data[(rect.y + y) * unfilled.width + rect.x + x] = 0;
  }
}
