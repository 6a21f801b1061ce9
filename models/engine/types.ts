/** The four jobs PowerPaint does, named as the product names them. */
export const TASKS = ['object', 'remove', 'shape', 'outpaint'] as const;
export type Task = (typeof TASKS)[number];

/** Straight (non-premultiplied) RGBA, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** One byte a pixel; values >= 128 mark pixels to repaint. */
export interface MaskImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface InpaintRequest {
  image: RgbaImage;
  mask: MaskImage;
  task: Task;
  prompt?: string;
  negativePrompt?: string;
  /** Shape task only: 1 follows the drawn shape, 0 lets the object take its own shape. */
  fittingDegree?: number;
  steps?: number;
  guidance?: number;
  seed?: number;
  /** A diffusers class name or short name ('ddim', 'dpmpp-2m-karras', ...); the bundle's scheduler when absent. */
  scheduler?: string;
  variations?: number;
  /** Caller-supplied starting noise, one per variation, [1, C, h, w] flattened; replaces the seeded draw. */
  initialLatents?: Float32Array[];
}

export type Stage = 'load' | 'encode-text' | 'encode-image' | 'denoise' | 'decode';

export interface Progress {
  stage: Stage;
  /** Steps done in the current stage and how many there are; denoise counts UNet steps over all variations. */
  step: number;
  total: number;
  elapsedMs: number;
  /** Estimated time left for the whole run, once there is a step to measure; undefined before. */
  etaMs: number | undefined;
  variation: number;
}

/** Which step of which variation a live preview shows. */
export interface PreviewInfo {
  /** Steps done in this variation (1..total-1: none after the last, whose decode follows). */
  step: number;
  total: number;
  variation: number;
}

export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /**
   * Live previews while denoising: the sampler's estimate of the final image, at the request's size, from a cheap
   * decoder (models/preview). Throttled so that previews, this callback included, cost at most 5 % of the
   * denoising time; the result is the same with or without them.
   */
  onPreview?: (image: RgbaImage, info: PreviewInfo) => void;
}

export interface Variation {
  image: RgbaImage;
  seed: number;
}

export interface InpaintResult {
  variations: Variation[];
  /** Things the user should know that did not stop the run, e.g. a prompt cut at 77 tokens. */
  warnings: string[];
  backend: BackendName;
  /** True when the denoising loop kept its latents on the GPU (WebGPU with a linear scheduler such as DDIM). */
  latentsOnGpu: boolean;
  timings: Record<Stage, number>;
}

/**
 * Where the model runs: onnxruntime-web on WebGPU or wasm, onnxruntime-node's native CPU (Node only), or a
 * team's inference server over the Open Inference Protocol (Triton, KServe).
 */
export type OnnxBackend = 'webgpu' | 'wasm' | 'native' | 'server';

/** Where a result was computed: the model on an ONNX backend, or the model-free instant remove. */
export type BackendName = OnnxBackend | 'instant';
