import type { Task } from '../../models/engine/types.js';

/** What a run's time depends on, as the window knows it before running. */
export interface EstimateInput {
  engine: 'model' | 'instant';
  backend: 'webgpu' | 'wasm';
  /** The WebGPU adapter's description, e.g. "google swiftshader" (a CPU emulation: very slow). */
  adapter?: string | undefined;
  /** wasm threads (1 in Figma). */
  threads?: number;
  /** Native model side in pixels (512 for SD-1.5, 64 for the tiny test bundle). */
  nativeSize: number;
  /** The UNet's weight bytes (its .onnx and external data); SD-1.5's fp32 UNet is about 3.4 GB. */
  unetBytes?: number;
  task: Task;
  steps: number;
  guidance: number;
  variations: number;
  /** Context windows the run needs (1 for a small mask; outpaint: per variation). */
  windows: number;
  /** ms per denoising step measured on this machine with this bundle, if a run has happened. */
  measuredStepMs?: number | undefined;
  /** Masked pixels, for the instant remover. */
  maskedPixels?: number;
}

export interface TimeEstimate {
  /** Lower and upper bound, ms. Equal when measured. */
  lowMs: number;
  highMs: number;
  /** Where the numbers come from, for the person. */
  basis: string;
}

/**
 * Per UNet step of SD-1.5 at 512 px with classifier-free guidance (a batch of two), by runtime. These are
 * published/observed orders of magnitude, stated as wide ranges on purpose; the first real run replaces
 * them with a measurement on this machine.
 */
const PRIOR_STEP_MS_512 = {
  webgpu: { low: 250, high: 3000, floor: 20, basis: 'a typical range for WebGPU, from a discrete GPU to an integrated one' },
  swiftshader: { low: 60_000, high: 300_000, floor: 60, basis: 'SwiftShader is a CPU emulation of a GPU' },
  wasm: { low: 30_000, high: 120_000, floor: 10, basis: 'the CPU (wasm), one thread' },
} as const;

/** SD-1.5's UNet in fp32, the model the priors above are for. */
const SD15_UNET_BYTES = 3.44e9;

/** The honest estimate for a run: measured per-step time when there is one, otherwise a prior range. */
export function estimateRunTime(input: EstimateInput): TimeEstimate {
  if (input.engine === 'instant') {
    const megapixels = (input.maskedPixels ?? 0) / 1e6;
    // PatchMatch cost grows with the hole's area; about a second per 0.05 MP hole in a browser.
    const base = Math.max(300, megapixels * 20_000) * input.variations;
    return { lowMs: base * 0.5, highMs: base * 3, basis: 'instant remove: grows with the painted area' };
  }
  const runs = input.task === 'outpaint' ? input.windows * input.variations : input.windows;
  const stepsPerRun = input.steps * (input.task === 'outpaint' ? 1 : input.variations);
  const totalSteps = runs * stepsPerRun;
  if (input.measuredStepMs !== undefined) {
    const ms = totalSteps * input.measuredStepMs * (input.guidance > 1 ? 1 : 0.5);
    return { lowMs: ms, highMs: ms * 1.15, basis: 'measured on this machine in an earlier run' };
  }
  const prior =
    input.backend === 'wasm'
      ? PRIOR_STEP_MS_512.wasm
      : /swiftshader/i.test(input.adapter ?? '')
        ? PRIOR_STEP_MS_512.swiftshader
        : PRIOR_STEP_MS_512.webgpu;
  // Cost scales with pixels and with the UNet's size (fp16 halves bytes, not work: count it as fp32's
  // when unknown); a step never costs less than the runtime's own overhead per step.
  const sizeScale = input.unetBytes !== undefined ? Math.min(1, input.unetBytes / SD15_UNET_BYTES) : 1;
  const scale = (input.nativeSize / 512) ** 2 * sizeScale;
  const threads = input.backend === 'wasm' ? Math.max(1, input.threads ?? 1) : 1;
  const cfg = input.guidance > 1 ? 1 : 0.5;
  const perStep = (ms: number, floor: number) => Math.max(floor, (ms * scale * cfg) / Math.sqrt(threads));
  return {
    lowMs: totalSteps * perStep(prior.low, prior.floor),
    highMs: totalSteps * perStep(prior.high, prior.floor * 4),
    basis: prior.basis,
  };
}
