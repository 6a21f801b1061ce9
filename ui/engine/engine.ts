import type { MaskImage, RgbaImage, Stage, Task } from '../../models/engine/types.js';
import type { OutpaintTarget } from '../../models/image/outpaint-canvas.js';
import type { Patch } from '../../models/image/patch.js';

/** One run as the window asks for it: the source at its own resolution, the mask, the settings. */
export interface EngineJob {
  image: RgbaImage;
  /** Source-resolution mask (>= 128 repaints); unused by outpaint. */
  mask: MaskImage;
  task: Task;
  prompt: string;
  negativePrompt: string;
  fittingDegree: number;
  steps: number;
  guidance: number;
  scheduler: string;
  seed: number;
  variations: number;
  /**
   * Outpaint: where to extend `image` to (source pixels); the result is the extended canvas. Without it,
   * outpaint repaints `mask` on an `image` that is already the canvas (e.g. the bands of a FIT fill).
   */
  outpaintTarget?: OutpaintTarget;
}

/** Where a run is, over all windows and variations. */
export interface EngineProgress {
  stage: Stage;
  /** Steps done of the current window's stage. */
  step: number;
  total: number;
  /** Context window being run (from 0) and how many a run has. */
  window: number;
  windows: number;
  /** 0..1 over the whole run. */
  fraction: number;
  etaMs: number | undefined;
  elapsedMs: number;
}

/** The result as it forms: the window being denoised, pasted into the source at (x, y) (source pixels). */
export interface EnginePreview extends Patch {
  step: number;
  total: number;
  /** TAESD's decode, or the quick latent-to-RGB map. */
  decoder: 'taesd' | 'linear';
}

export interface EngineControl {
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
  /** Live previews while denoising, where the engine makes them (the model's inpainting tasks). */
  onPreview?: (preview: EnginePreview) => void;
}

export interface EngineVariation {
  seed: number;
  /** The whole result at the source's resolution (outpaint: the extended canvas). */
  image: RgbaImage;
  /** Only the changed pixels, placed at (x, y) in `image`'s coordinates; undefined if none changed. */
  patch: Patch | undefined;
}

export interface EngineResult {
  variations: EngineVariation[];
  /** Outpaint: where the source's top-left lies in the result (may be negative for a cropping frame). */
  sourceOffset: { x: number; y: number };
  warnings: string[];
  /** 'webgpu', 'wasm' or 'instant'. */
  backend: string;
  /** Time per denoising step measured in this run (ms), for the time estimate; undefined if no steps ran. */
  stepMs: number | undefined;
}

/**
 * What the window runs a job with: the PowerPaint model (through the full-resolution runner), the
 * instant remover (no download), or the invert preview (tests). `isModel` false: the window says so.
 */
export interface Engine {
  /** Shown to the person, e.g. "PowerPaint v1 on WebGPU (NVIDIA …)". */
  readonly name: string;
  readonly isModel: boolean;
  /** The tasks it can do; the window explains the others need a model. */
  readonly tasks: readonly Task[];
  /** The host a run sends the pictures to (a team's inference server); undefined: they stay on this computer. */
  readonly sendsTo?: string | undefined;
  run(job: EngineJob, control: EngineControl): Promise<EngineResult>;
  release?(): Promise<void>;
}
