import type { GaussianSource } from '../random/gaussian-source.js';
import { ConfigReader } from './config.js';
import { noiseSchedule, trainSigmas } from './noise-schedule.js';
import { interpIndex } from './numpy.js';
import { checkSameLength } from './prediction.js';
import type { Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
import { checkStepCount, indexForTimestep, singleStepTimesteps, TIMESTEP_SPACINGS, type TimestepSpacing } from './timesteps.js';

const NAME = 'EulerAncestralDiscreteScheduler';
const f = Math.fround;

/**
 * diffusers' EulerAncestralDiscreteScheduler (k-diffusion's "Euler a"). Samples live at the Karras noise
 * level sigma (x = x0 + sigma * eps), so the model input is scaled by 1 / sqrt(sigma^2 + 1), and every
 * step, the last included, draws fresh noise from the GaussianSource, as diffusers draws it from the
 * pipeline's generator: pass the generator that made the initial latents to reproduce diffusers.
 * Timesteps are fractional for linspace spacing.
 */
export class EulerAncestralDiscreteScheduler implements Scheduler {
  timesteps: number[] = [];
  private readonly trainSigmas: Float64Array;
  private readonly numTrainTimesteps: number;
  private readonly predictionType: 'epsilon' | 'v_prediction';
  private readonly spacing: TimestepSpacing;
  private readonly stepsOffset: number;
  /** diffusers' sigmas for the timesteps, then 0; float32 values. */
  sigmas: Float64Array;
  private stepIndex: number | null = null;

  constructor(config: SchedulerConfig) {
    const read = new ConfigReader(config, NAME);
    const schedule = noiseSchedule(read, { betaStart: 0.0001, betaEnd: 0.02, betaSchedule: 'linear' });
    this.numTrainTimesteps = schedule.numTrainTimesteps;
    this.trainSigmas = trainSigmas(schedule.alphasCumprod);
    // diffusers raises NotImplementedError for prediction_type "sample" here.
    this.predictionType = read.choice('prediction_type', 'epsilon', ['epsilon', 'v_prediction']);
    this.spacing = read.choice('timestep_spacing', 'linspace', TIMESTEP_SPACINGS);
    this.stepsOffset = read.integer('steps_offset', 0, 0);
    this.sigmas = Float64Array.from([...this.trainSigmas].reverse());
  }

  /** The largest sigma for linspace/trailing, sqrt(sigma_max^2 + 1) for leading, as diffusers has it. */
  get initNoiseSigma(): number {
    const max = this.sigmas.reduce((a, b) => Math.max(a, b), 0);
    return this.spacing === 'leading' ? f(Math.sqrt(f(f(max * max) + 1))) : max;
  }

  setTimesteps(numInferenceSteps: number): void {
    checkStepCount(numInferenceSteps, this.numTrainTimesteps, NAME);
    this.timesteps = singleStepTimesteps(this.spacing, numInferenceSteps, this.numTrainTimesteps, this.stepsOffset, false);
    this.sigmas = Float64Array.from([...this.timesteps.map((t) => interpIndex(t, this.trainSigmas)), 0], f);
    this.stepIndex = null;
  }

  scaleModelInput(sample: Float32Array, timestep: number): Float32Array {
    const sigma = this.sigmas[this.currentIndex(timestep)]!;
    const scale = f(Math.sqrt(f(f(sigma * sigma) + 1)));
    return sample.map((x) => x / scale);
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array, noise?: GaussianSource): StepResult {
    if (!noise) throw new Error(`${NAME}.step needs a GaussianSource (the seeded generator) for its per-step noise.`);
    checkSameLength(modelOutput, sample, `${NAME}.step`);
    const index = this.currentIndex(timestep);
    const sigma = this.sigmas[index]!;
    const sigmaTo = this.sigmas[index + 1]!;
    const sigmaUp = f(Math.sqrt(f(f(f(sigmaTo * sigmaTo) * f(f(sigma * sigma) - f(sigmaTo * sigmaTo))) / f(sigma * sigma))));
    const sigmaDown = f(Math.sqrt(f(f(sigmaTo * sigmaTo) - f(sigmaUp * sigmaUp))));
    const dt = f(sigmaDown - sigma);
    const vScale = f(-sigma / f(Math.sqrt(f(f(sigma * sigma) + 1))));
    const vDiv = f(f(sigma * sigma) + 1);
    const x0 = new Float32Array(sample.length);
    const prevSample = new Float32Array(sample.length);
    const z = noise.randn(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const m = modelOutput[i]!;
      x0[i] = this.predictionType === 'epsilon' ? x - sigma * m : m * vScale + x / vDiv;
      const derivative = (x - x0[i]!) / sigma;
      prevSample[i] = x + derivative * dt + z[i]! * sigmaUp;
    }
    this.stepIndex = index + 1;
    return { prevSample, predOriginalSample: x0 };
  }

  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    checkSameLength(noise, originalSamples, `${NAME}.addNoise`);
    const sigma = this.sigmas[indexForTimestep(this.timesteps, timestep, false, NAME)]!;
    return originalSamples.map((x, i) => x + f(noise[i]! * sigma));
  }

  /** diffusers initialises the step index from the first timestep seen, then counts steps. */
  private currentIndex(timestep: number): number {
    if (this.timesteps.length === 0) throw new Error(`${NAME}: call setTimesteps first.`);
    return (this.stepIndex ??= indexForTimestep(this.timesteps, timestep, false, NAME));
  }
}
