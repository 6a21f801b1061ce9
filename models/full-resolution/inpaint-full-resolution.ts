import { EngineError, throwIfAborted } from '../engine/errors.js';
import type { InpaintRequest, InpaintResult, RgbaImage } from '../engine/types.js';
import { modelGeometry } from '../image/context-window.js';
import { cropRgba } from '../image/crop.js';
import { cropRegionMask } from '../image/mask-regions.js';
import { applyPatch, mergePatches, patchFromChanges, readThroughPatches, type Patch } from '../image/patch.js';
import { resizeMaskCovering } from '../image/resize-mask.js';
import { resizeRgba } from '../image/resize-rgba.js';
import { checkSource } from './check-source.js';
import { pasteWindowResult, windowMasks } from './paste-window.js';
import { DEFAULT_GROW, DEFAULT_RING, planInpaintRun } from './plan-inpaint-windows.js';
import { addTimings, emptyTimings } from './sum-timings.js';
import type { FullResolutionResult, InpaintControl, InpaintOptions, WindowEngine } from './types.js';

/**
 * Inpaint a source of any size (up to 16384 px a side) at full resolution: each separate masked area
 * gets a context window run at the model's native size, and the result is scaled back, colour-matched
 * and feathered into the source. Paste options come from `options`, else the engine's `pasteOptions`
 * (instant remove: exactly over the mask), else grow 8, feather 8, ring 12, colour match on. Pixels
 * farther than `grow` from the mask keep their exact bytes; only windows and patches are allocated,
 * never a float copy of the source.
 */
export async function inpaintFullResolution(
  engine: WindowEngine,
  request: InpaintRequest,
  options: InpaintOptions = {},
  control: InpaintControl = {},
): Promise<FullResolutionResult> {
  const { image, mask } = request;
  checkSource(image);
  if (mask.width !== image.width || mask.height !== image.height || mask.data.length !== mask.width * mask.height) {
    throw new EngineError('bad-input', `The mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; draw the mask on the same image size.`);
  }
  const defaults = engine.pasteOptions ?? {};
  const grow = options.grow ?? defaults.grow ?? DEFAULT_GROW;
  const feather = options.feather ?? defaults.feather ?? 8;
  const ring = options.ring ?? defaults.ring ?? DEFAULT_RING;
  const colorMatch = options.colorMatch ?? defaults.colorMatch ?? true;
  const variations = request.variations ?? 1;
  const fullImage = options.fullImage ?? 'copy';
  if (fullImage === 'in-place' && variations !== 1) {
    throw new EngineError('bad-input', "fullImage 'in-place' writes one result into the source; ask for one variation or use 'copy'.");
  }
  const { found, windows } = planInpaintRun(mask, modelGeometry(engine.manifest), { ...options, grow, ring });
  if (found.regions.length === 0) throw new EngineError('empty-mask', 'The mask is empty: paint over the area to change, then run again.');

  const warnings = new Set<string>();
  if (request.initialLatents) warnings.add('initialLatents apply to one model-sized run, not to windows of a larger image; they were ignored.');
  const timings = emptyTimings();
  let backend: InpaintResult['backend'] = 'wasm';
  const seeds: number[] = [];
  const patches: Patch[][] = Array.from({ length: variations }, () => []);
  const { initialLatents: _windowless, ...rest } = request;
  for (const [index, window] of windows.entries()) {
    throwIfAborted(control.signal);
    const crop = cropRgba(image, window.rect);
    const masks = windowMasks(cropRegionMask(mask, found, new Set(window.regions), window.rect), grow, feather, ring);
    const result = await engine.run(
      {
        ...rest,
        image: resizeRgba(crop, window.modelWidth, window.modelHeight),
        mask: resizeMaskCovering(masks.engineMask, window.modelWidth, window.modelHeight),
      },
      {
        ...(control.signal && { signal: control.signal }),
        onProgress: (p) => control.onProgress?.({ ...p, window: index, windows: windows.length }),
        ...(control.onPreview && {
          onPreview: (preview, info) => {
            const base = readThroughPatches(image, patches[info.variation]!, window.rect);
            const pasted = pasteWindowResult(base, preview, masks, false).image;
            control.onPreview!({ ...info, x: window.rect.x, y: window.rect.y, image: pasted, window: index, windows: windows.length });
          },
        }),
      },
    );
    backend = result.backend;
    addTimings(timings, result.timings);
    for (const w of result.warnings) warnings.add(w);
    for (const [v, variation] of result.variations.entries()) {
      seeds[v] = variation.seed;
      // Blend over the window as earlier windows left it, so patches applied in order stay consistent.
      const base = readThroughPatches(image, patches[v]!, window.rect);
      const pasted = pasteWindowResult(base, variation.image, masks, colorMatch);
      const patch = patchFromChanges(base, pasted.image, window.rect);
      if (patch) patches[v]!.push(patch);
    }
  }

  return {
    variations: patches.map((list, v) => ({
      seed: seeds[v]!,
      image: composeFull(image, list, fullImage),
      patch: mergePatches(image, list),
      patches: list,
    })),
    windows,
    warnings: [...warnings],
    backend,
    timings,
  };
}

function composeFull(source: RgbaImage, patches: Patch[], mode: InpaintOptions['fullImage']): RgbaImage | undefined {
  if (mode === 'none') return undefined;
  const target = mode === 'in-place' ? source : { width: source.width, height: source.height, data: new Uint8ClampedArray(source.data) };
  for (const patch of patches) applyPatch(target, patch);
  return target;
}
