import type { GaussianSource } from '../random/gaussian-source.js';

/** A diffusers `scheduler_config.json` object, snake_case keys as diffusers writes them. */
export interface SchedulerConfig {
  _class_name?: string;
  num_train_timesteps?: number;
  beta_start?: number;
  beta_end?: number;
  beta_schedule?: string;
  trained_betas?: number[] | null;
  prediction_type?: string;
  steps_offset?: number;
  timestep_spacing?: string;
  set_alpha_to_one?: boolean;
  clip_sample?: boolean;
  [key: string]: unknown;
}

export interface StepResult {
  prevSample: Float32Array;
  predOriginalSample?: Float32Array;
}

/** A step that is one linear combination: prevSample = sample·x + modelOutput·ε. */
export interface LinearStep {
  sample: number;
  modelOutput: number;
  /** The step's estimate of the final latents (diffusers' pred_original_sample), linear in the same two. */
  original: { sample: number; modelOutput: number };
}

/**
 * diffusers' scheduler API in camelCase. Latents are flat NCHW Float32Arrays; the scheduler never
 * knows about models. Samplers that inject noise per step (Euler ancestral, LCM) draw it from `noise`.
 */
export interface Scheduler {
  readonly timesteps: number[];
  readonly initNoiseSigma: number;
  setTimesteps(numInferenceSteps: number): void;
  scaleModelInput(sample: Float32Array, timestep: number): Float32Array;
  step(modelOutput: Float32Array, timestep: number, sample: Float32Array, noise?: GaussianSource): StepResult;
  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array;
  /**
   * Offered by deterministic single-step samplers whose model input is the sample unscaled: the step's
   * coefficients, so it can run where the model output already is (on the GPU). Undefined when the
   * step is not linear (e.g. with x0 clipping).
   */
  linearStep?(timestep: number): LinearStep | undefined;
}
