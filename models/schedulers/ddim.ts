import { ConfigReader } from './config.js';
import { addNoiseAlphaCumprod, alphaCumprodAt, noiseSchedule, type NoiseSchedule } from './noise-schedule.js';
import { checkSameLength, predictEpsilon, predictX0, PREDICTION_TYPES, type PredictionType } from './prediction.js';
import type { LinearStep, Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
import { checkStepCount, singleStepTimesteps, TIMESTEP_SPACINGS, type TimestepSpacing } from './timesteps.js';

const NAME = 'DDIMScheduler';
const f = Math.fround;

/**
 * diffusers' DDIMScheduler with eta = 0 (deterministic DDIM, what PowerPaint uses), so it never draws
 * noise. Defaults are diffusers' class defaults; SD-1.5 configs override them.
 */
export class DDIMScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly schedule: NoiseSchedule;
  private readonly finalAlphaCumprod: number;
  private readonly predictionType: PredictionType;
  private readonly clipRange: number | null;
  private readonly spacing: TimestepSpacing;
  private readonly stepsOffset: number;
  private numInferenceSteps = 0;

  constructor(config: SchedulerConfig) {
    const read = new ConfigReader(config, NAME);
    read.requireDefault('thresholding', false);
    this.schedule = noiseSchedule(read, { betaStart: 0.0001, betaEnd: 0.02, betaSchedule: 'linear' });
    this.finalAlphaCumprod = read.boolean('set_alpha_to_one', true) ? 1 : this.schedule.alphasCumprod[0]!;
    this.predictionType = read.choice('prediction_type', 'epsilon', PREDICTION_TYPES);
    this.clipRange = read.boolean('clip_sample', true) ? read.number('clip_sample_range', 1) : null;
    this.spacing = read.choice('timestep_spacing', 'leading', TIMESTEP_SPACINGS);
    this.stepsOffset = read.integer('steps_offset', 0, 0);
  }

  setTimesteps(numInferenceSteps: number): void {
    checkStepCount(numInferenceSteps, this.schedule.numTrainTimesteps, NAME);
    this.numInferenceSteps = numInferenceSteps;
    this.timesteps = singleStepTimesteps(this.spacing, numInferenceSteps, this.schedule.numTrainTimesteps, this.stepsOffset);
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): StepResult {
    checkSameLength(modelOutput, sample, `${NAME}.step`);
    const { sqrtAlpha, sqrtBeta, a, b } = this.coefficients(timestep);
    const x0 = predictX0(this.predictionType, modelOutput, sample, sqrtAlpha, sqrtBeta);
    // epsilon comes from the unclipped x0, as in diffusers (use_clipped_model_output = false).
    const eps = predictEpsilon(this.predictionType, modelOutput, sample, sqrtAlpha, sqrtBeta);
    if (this.clipRange !== null) {
      const r = this.clipRange;
      for (let i = 0; i < x0.length; i++) x0[i] = Math.min(Math.max(x0[i]!, -r), r);
    }
    const prevSample = x0.map((x, i) => a * x + b * eps[i]!);
    return { prevSample, predOriginalSample: x0 };
  }

  linearStep(timestep: number): LinearStep | undefined {
    if (this.clipRange !== null) return undefined;
    const { sqrtAlpha: sA, sqrtBeta: sB, a, b } = this.coefficients(timestep);
    // prev = a·x0 + b·ε with x0 and ε both linear in (x, model output) for every prediction type.
    switch (this.predictionType) {
      case 'epsilon':
        return { sample: a / sA, modelOutput: b - (a * sB) / sA, original: { sample: 1 / sA, modelOutput: -sB / sA } };
      case 'v_prediction':
        return { sample: a * sA + b * sB, modelOutput: b * sA - a * sB, original: { sample: sA, modelOutput: -sB } };
      case 'sample':
        return { sample: b / sB, modelOutput: a - (b * sA) / sB, original: { sample: 0, modelOutput: 1 } };
    }
  }

  /** √ᾱ_t, √(1−ᾱ_t) of this step and √ᾱ, √(1−ᾱ) of the previous one, float32 as diffusers has them. */
  private coefficients(timestep: number): { sqrtAlpha: number; sqrtBeta: number; a: number; b: number } {
    if (this.numInferenceSteps === 0) throw new Error(`${NAME}.step: call setTimesteps first.`);
    // diffusers steps back by numTrain // n whatever the spacing; keep that so trailing matches too.
    const prev = timestep - Math.floor(this.schedule.numTrainTimesteps / this.numInferenceSteps);
    const alphaT = alphaCumprodAt(this.schedule, timestep, NAME);
    const alphaPrev = prev >= 0 ? alphaCumprodAt(this.schedule, prev, NAME) : this.finalAlphaCumprod;
    return {
      sqrtAlpha: f(Math.sqrt(alphaT)),
      sqrtBeta: f(Math.sqrt(f(1 - alphaT))),
      a: f(Math.sqrt(alphaPrev)),
      b: f(Math.sqrt(f(1 - alphaPrev))),
    };
  }

  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return addNoiseAlphaCumprod(alphaCumprodAt(this.schedule, timestep, NAME), originalSamples, noise);
  }
}
