import { throwIfAborted } from '../engine/errors.js';
import type { InpaintResult, RgbaImage } from '../engine/types.js';
import { modelGeometry, modelSizeFor } from '../image/context-window.js';
import { cropMask, cropRgba } from '../image/crop.js';
import { outpaintMask } from '../image/outpaint-mask.js';
import { extendCanvas } from '../image/outpaint-prefill.js';
import { applyPatch } from '../image/patch.js';
import { resizeMaskCovering } from '../image/resize-mask.js';
import { resizeRgba } from '../image/resize-rgba.js';
import { checkSource } from './check-source.js';
import { pasteWindowResult, windowMasks } from './paste-window.js';
import { markFilled, planOutpaintRun } from './plan-outpaint-run.js';
import { addTimings, emptyTimings } from './sum-timings.js';
import type { FullResolutionControl, OutpaintOptions, OutpaintRequest, OutpaintResult, WindowEngine } from './types.js';

/**
 * Extend an image to a target canvas. The new area is pre-filled, then repainted window by window,
 * nearest the source first, each window conditioned on the source and on what earlier windows filled;
 * each repaints its unfilled pixels plus an `overlap` band into what is already there, feathered.
 * Source pixels farther than `overlap` from the new area keep their exact bytes. Each variation runs
 * the whole sequence with its own seed (seed + i). Memory: the canvas, once per variation in flight.
 */
export async function outpaintFullResolution(
  engine: WindowEngine,
  request: OutpaintRequest,
  options: OutpaintOptions = {},
  control: FullResolutionControl = {},
): Promise<OutpaintResult> {
  const { image, target, ...rest } = request;
  checkSource(image);
  const { canvas, windows, overlap, ring } = planOutpaintRun(image, target, engine.manifest, options);
  const model = modelGeometry(engine.manifest);
  const prefilled = extendCanvas(image, canvas, options.prefill ?? 'blur');
  const newArea = outpaintMask(image, canvas, 0);
  const variations = request.variations ?? 1;
  const baseSeed = request.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]!;
  const total = windows.length * variations;
  const warnings = new Set<string>();
  const timings = emptyTimings();
  let backend: InpaintResult['backend'] = 'wasm';

  const results: OutpaintResult['variations'] = [];
  for (let v = 0; v < variations; v++) {
    const seed = (baseSeed + v) >>> 0;
    const state: RgbaImage = v === variations - 1 ? prefilled : { ...prefilled, data: new Uint8ClampedArray(prefilled.data) };
    const unfilled = v === variations - 1 ? newArea : { ...newArea, data: new Uint8Array(newArea.data) };
    for (const [i, rect] of windows.entries()) {
      throwIfAborted(control.signal);
      const masks = windowMasks(cropMask(unfilled, rect), overlap, overlap, ring);
      const { modelWidth, modelHeight } = modelSizeFor(rect, model);
      const base = cropRgba(state, rect);
      const result = await engine.run(
        {
          ...rest,
          task: 'outpaint',
          seed,
          variations: 1,
          image: resizeRgba(base, modelWidth, modelHeight),
          mask: resizeMaskCovering(masks.engineMask, modelWidth, modelHeight),
        },
        {
          ...(control.signal && { signal: control.signal }),
          onProgress: (p) => control.onProgress?.({ ...p, variation: v, window: v * windows.length + i, windows: total }),
        },
      );
      backend = result.backend;
      addTimings(timings, result.timings);
      for (const w of result.warnings) warnings.add(w);
      const pasted = pasteWindowResult(base, result.variations[0]!.image, masks, options.colorMatch ?? true);
      applyPatch(state, { x: rect.x, y: rect.y, image: pasted.image });
      markFilled(unfilled, rect, masks.engineMask);
    }
    results.push({ seed, image: state });
  }
  return { variations: results, canvas, windows, warnings: [...warnings], backend, timings };
}
