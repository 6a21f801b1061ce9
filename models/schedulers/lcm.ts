import type { GaussianSource } from '../random/gaussian-source.js';
import { ConfigReader } from './config.js';
import { addNoiseAlphaCumprod, alphaCumprodAt, noiseSchedule, type NoiseSchedule } from './noise-schedule.js';
import { linspace } from './numpy.js';
import { checkSameLength, predictX0, PREDICTION_TYPES, type PredictionType } from './prediction.js';
import type { Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
import { checkStepCount, indexForTimestep } from './timesteps.js';

const NAME = 'LCMScheduler';
const f = Math.fround;
const SIGMA_DATA = 0.5;

/**
 * diffusers' LCMScheduler (latent consistency models): each step predicts the denoised sample through the
 * consistency boundary condition, then, except at the last step, re-noises it to the next timestep with
 * fresh noise from the GaussianSource (diffusers draws it from the pipeline's generator). The timesteps
 * are a subset of the `original_inference_steps` distillation schedule; timestep_spacing does not apply.
 * `predOriginalSample` is diffusers' `denoised`. (set_alpha_to_one has no effect in diffusers' LCM: the
 * timestep after the last is never negative.)
 */
export class LCMScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly schedule: NoiseSchedule;
  private readonly originalSteps: number;
  private readonly predictionType: PredictionType;
  private readonly clipRange: number | null;
  private readonly timestepScaling: number;
  private stepIndex: number | null = null;

  constructor(config: SchedulerConfig) {
    const read = new ConfigReader(config, NAME);
    read.requireDefault('thresholding', false);
    this.schedule = noiseSchedule(read, { betaStart: 0.00085, betaEnd: 0.012, betaSchedule: 'scaled_linear' });
    this.originalSteps = read.integer('original_inference_steps', 50, 1);
    if (this.originalSteps > this.schedule.numTrainTimesteps) {
      throw new Error(`${NAME}: original_inference_steps ${this.originalSteps} exceeds num_train_timesteps ${this.schedule.numTrainTimesteps}.`);
    }
    this.predictionType = read.choice('prediction_type', 'epsilon', PREDICTION_TYPES);
    this.clipRange = read.boolean('clip_sample', false) ? read.number('clip_sample_range', 1) : null;
    this.timestepScaling = read.number('timestep_scaling', 10);
  }

  setTimesteps(numInferenceSteps: number): void {
    checkStepCount(numInferenceSteps, this.originalSteps, `${NAME} (original_inference_steps ${this.originalSteps})`);
    const k = Math.floor(this.schedule.numTrainTimesteps / this.originalSteps);
    const origin = Array.from({ length: this.originalSteps }, (_, i) => (this.originalSteps - i) * k - 1);
    this.timesteps = linspace(0, origin.length, numInferenceSteps, false).map((i) => origin[Math.floor(i)]!);
    this.stepIndex = null;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array, noise?: GaussianSource): StepResult {
    if (this.timesteps.length === 0) throw new Error(`${NAME}.step: call setTimesteps first.`);
    checkSameLength(modelOutput, sample, `${NAME}.step`);
    const index = (this.stepIndex ??= indexForTimestep(this.timesteps, timestep, false, NAME));
    const last = index === this.timesteps.length - 1;
    if (!last && !noise) throw new Error(`${NAME}.step needs a GaussianSource (the seeded generator) to re-noise between steps.`);
    const alphaT = alphaCumprodAt(this.schedule, timestep, NAME);
    const x0 = predictX0(this.predictionType, modelOutput, sample, f(Math.sqrt(alphaT)), f(Math.sqrt(f(1 - alphaT))));
    if (this.clipRange !== null) {
      const r = this.clipRange;
      for (let i = 0; i < x0.length; i++) x0[i] = Math.min(Math.max(x0[i]!, -r), r);
    }
    // Consistency-model boundary condition: c_skip -> 1 and c_out -> 0 as t -> 0.
    const scaled = timestep * this.timestepScaling;
    const cSkip = SIGMA_DATA ** 2 / (scaled ** 2 + SIGMA_DATA ** 2);
    const cOut = scaled / Math.sqrt(scaled ** 2 + SIGMA_DATA ** 2);
    const denoised = x0.map((x, i) => cOut * x + cSkip * sample[i]!);
    this.stepIndex = index + 1;
    if (last) return { prevSample: denoised, predOriginalSample: denoised };
    const alphaPrev = alphaCumprodAt(this.schedule, this.timesteps[index + 1]!, NAME);
    const a = f(Math.sqrt(alphaPrev));
    const b = f(Math.sqrt(f(1 - alphaPrev)));
    const z = noise!.randn(sample.length);
    return { prevSample: denoised.map((d, i) => a * d + b * z[i]!), predOriginalSample: denoised };
  }

  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return addNoiseAlphaCumprod(alphaCumprodAt(this.schedule, timestep, NAME), originalSamples, noise);
  }
}
