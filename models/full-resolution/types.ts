import type { InpaintRequest, InpaintResult, PreviewInfo, Progress, RgbaImage, RunControl } from '../engine/types.js';
import type { ContextWindow } from '../image/context-window.js';
import type { OutpaintCanvas, OutpaintTarget } from '../image/outpaint-canvas.js';
import type { Prefill } from '../image/outpaint-prefill.js';
import type { Patch } from '../image/patch.js';
import type { Rect } from '../image/rect.js';

/** Sources up to this many pixels a side are processed (through windows; never whole). */
export const MAX_SOURCE_SIDE = 16384;

/** What the full-resolution layer needs of an engine: PowerPaintEngine, or a fake in tests. */
export interface WindowEngine {
  readonly manifest: { sampleSize: number; vaeScaleFactor: number; sizeMultiple: number; upscale?: boolean };
  /** How this engine's results go back by default (options passed to a run override them). */
  readonly pasteOptions?: PasteOptions;
  run(request: InpaintRequest, control?: RunControl): Promise<InpaintResult>;
}

/** How a window's result goes back into the source. All distances in source pixels. */
export interface PasteOptions {
  /** The model repaints this far beyond the mask's edge (default 8). */
  grow?: number;
  /** The result fades into the source over the outer `feather` pixels of the grown area (default 8). */
  feather?: number;
  /** Width of the band just outside the grown area whose colours the result is matched to (default 12). */
  ring?: number;
  /** Correct the VAE's colour drift by matching the ring's per-channel mean and spread (default true). */
  colorMatch?: boolean;
}

export interface InpaintOptions extends PasteOptions {
  /** Context around each masked area, as a fraction of its longer side (default 0.25) ... */
  marginFraction?: number;
  /** ... or at least this many pixels (default 32). Windows are at least the native size where the image allows. */
  marginPixels?: number;
  /** 'copy' (default) returns the full image per variation; 'in-place' writes the result into
   *  request.image (one variation only); 'none' returns patches only, the way to handle huge sources. */
  fullImage?: 'copy' | 'in-place' | 'none';
}

export interface WindowProgress extends Progress {
  /** The window being run, from 0, and how many there are (times variations for outpaint). */
  window: number;
  windows: number;
}

/** A live preview of the window being denoised, pasted into the source as its result will be (without colour matching). */
export interface WindowPreview extends Patch, PreviewInfo {
  window: number;
  windows: number;
}

export interface FullResolutionControl {
  signal?: AbortSignal;
  onProgress?: (progress: WindowProgress) => void;
}

export interface InpaintControl extends FullResolutionControl {
  /** Previews while each window denoises, as patches of the source (the engine's onPreview, same throttle). */
  onPreview?: (preview: WindowPreview) => void;
}

export interface PlannedWindow extends ContextWindow {
  /** Indexes of the mask regions this window repaints. */
  regions: number[];
}

export interface FullResolutionVariation {
  seed: number;
  /** The source with the result pasted in; undefined with fullImage 'none'. */
  image: RgbaImage | undefined;
  /** The smallest rectangle holding every changed pixel, as its own image; undefined if nothing changed. */
  patch: Patch | undefined;
  /** One patch per window that changed something, to apply in order (for sources whose one patch would be huge). */
  patches: Patch[];
}

export interface FullResolutionResult {
  variations: FullResolutionVariation[];
  windows: PlannedWindow[];
  warnings: string[];
  backend: InpaintResult['backend'];
  /** Engine stage times summed over windows, ms. */
  timings: InpaintResult['timings'];
}

export interface OutpaintRequest extends Omit<InpaintRequest, 'mask' | 'task' | 'initialLatents'> {
  target: OutpaintTarget;
}

export interface OutpaintOptions extends Omit<PasteOptions, 'grow' | 'feather'> {
  /** How deep the repainted band reaches into the source and into earlier windows (default 8). */
  overlap?: number;
  /** Fill of the new area before the model runs (default 'blur'). */
  prefill?: Prefill;
  /** Window side in canvas pixels (default the model's native size: scale 1). */
  windowSide?: number;
  /** How far each window reaches back into what is already filled (default a quarter of the side). */
  context?: number;
}

export interface OutpaintResult {
  variations: { seed: number; image: RgbaImage }[];
  canvas: OutpaintCanvas;
  windows: Rect[];
  warnings: string[];
  backend: InpaintResult['backend'];
  timings: InpaintResult['timings'];
}
