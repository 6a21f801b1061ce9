import { ConfigReader } from './config.js';
import { multistepSchedule, readSigmaOptions } from './multistep-sigmas.js';
import { noiseSchedule, type NoiseSchedule } from './noise-schedule.js';
import { checkSameLength, predictX0, PREDICTION_TYPES, type PredictionType } from './prediction.js';
import type { Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
import { alphaSigma } from './sigmas.js';
import { checkStepCount, indexForTimestep, multistepTimesteps, TIMESTEP_SPACINGS, type TimestepSpacing } from './timesteps.js';

const NAME = 'DPMSolverMultistepScheduler';
const f = Math.fround;

/**
 * diffusers' DPMSolverMultistepScheduler, algorithm dpmsolver++ (data prediction), solver order 1 or 2
 * ("DPM++ 2M"), midpoint or heun second-order update, optional Karras sigmas. Stateful like diffusers:
 * call step once per timestep, in order, after setTimesteps.
 */
export class DPMSolverMultistepScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly schedule: NoiseSchedule;
  private readonly solverOrder: number;
  private readonly predictionType: PredictionType;
  private readonly heun: boolean;
  private readonly lowerOrderFinal: boolean;
  private readonly eulerAtFinal: boolean;
  private readonly karras: boolean;
  private readonly finalSigmaMin: boolean;
  private readonly cosine: boolean;
  private readonly lambdaMinClipped: number;
  private readonly spacing: TimestepSpacing;
  private readonly stepsOffset: number;
  /** diffusers' sigmas for the timesteps, then the final sigma; float32 values. */
  sigmas: Float64Array = new Float64Array(0);
  // The previous step's x0; null until a first step ran (diffusers' lower_order_nums < 1).
  private previousX0: Float32Array | null = null;
  private stepIndex: number | null = null;

  constructor(config: SchedulerConfig) {
    const read = new ConfigReader(config, NAME);
    read.requireDefault('thresholding', false);
    read.requireDefault('use_lu_lambdas', false);
    read.requireDefault('variance_type', null);
    this.schedule = noiseSchedule(read, { betaStart: 0.0001, betaEnd: 0.02, betaSchedule: 'linear' });
    this.cosine = config.beta_schedule === 'squaredcos_cap_v2';
    // diffusers maps "deis" to dpmsolver++; the SDE and plain dpmsolver variants are not implemented here.
    read.choice('algorithm_type', 'dpmsolver++', ['dpmsolver++', 'deis']);
    // UniPC/DEIS solver types are mapped to midpoint by diffusers, so a shared config keeps working.
    this.heun = read.choice('solver_type', 'midpoint', ['midpoint', 'heun', 'logrho', 'bh1', 'bh2']) === 'heun';
    this.solverOrder = read.integer('solver_order', 2, 1);
    if (this.solverOrder > 2) throw new Error(`${NAME}: solver_order ${this.solverOrder} is not supported here (1 or 2).`);
    this.predictionType = read.choice('prediction_type', 'epsilon', PREDICTION_TYPES);
    this.lowerOrderFinal = read.boolean('lower_order_final', true);
    this.eulerAtFinal = read.boolean('euler_at_final', false);
    ({ karras: this.karras, finalSigmaMin: this.finalSigmaMin } = readSigmaOptions(read));
    this.lambdaMinClipped = read.numberOrMinusInfinity('lambda_min_clipped');
    this.spacing = read.choice('timestep_spacing', 'linspace', TIMESTEP_SPACINGS);
    this.stepsOffset = read.integer('steps_offset', 0, 0);
  }

  setTimesteps(numInferenceSteps: number): void {
    const numTrain = this.schedule.numTrainTimesteps;
    checkStepCount(numInferenceSteps, numTrain, NAME);
    const spaced = multistepTimesteps(this.spacing, numInferenceSteps, numTrain, numTrain - this.clippedCount(), this.stepsOffset);
    const { timesteps, sigmas } = multistepSchedule(this.schedule, spaced, {
      karras: this.karras,
      finalSigmaMin: this.finalSigmaMin,
      truncateKarrasTimesteps: this.cosine,
      karrasFinalIsLast: false,
    });
    this.timesteps = timesteps;
    this.sigmas = sigmas;
    this.previousX0 = null;
    this.stepIndex = null;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): StepResult {
    if (this.timesteps.length === 0) throw new Error(`${NAME}.step: call setTimesteps first.`);
    checkSameLength(modelOutput, sample, `${NAME}.step`);
    const n = this.timesteps.length;
    const index = (this.stepIndex ??= indexForTimestep(this.timesteps, timestep, true, NAME));
    const lowerOrderFinal = index === n - 1 && (this.eulerAtFinal || (this.lowerOrderFinal && n < 15) || !this.finalSigmaMin);
    const s0 = alphaSigma(this.sigmas[index]!);
    const t = alphaSigma(this.sigmas[index + 1]!);
    const x0 = predictX0(this.predictionType, modelOutput, sample, s0.alpha, s0.sigma);
    const h = f(t.lambda - s0.lambda);
    const ratio = f(t.sigma / s0.sigma);
    const d0Coef = f(t.alpha * f(f(Math.exp(-h)) - 1));
    const prevSample = new Float32Array(sample.length);
    const prev = this.previousX0;
    if (this.solverOrder === 1 || prev === null || lowerOrderFinal) {
      for (let i = 0; i < prevSample.length; i++) prevSample[i] = ratio * sample[i]! - d0Coef * x0[i]!;
    } else {
      const s1 = alphaSigma(this.sigmas[index - 1]!);
      const r0 = f(f(s0.lambda - s1.lambda) / h);
      // D1 = (x0 - previous x0) / r0, weighted by the midpoint or Heun coefficient.
      const d1Coef = this.heun ? -f(t.alpha * f(f(f(f(Math.exp(-h)) - 1) / h) + 1)) : f(0.5 * d0Coef);
      for (let i = 0; i < prevSample.length; i++) {
        const d1 = (x0[i]! - prev[i]!) / r0;
        prevSample[i] = ratio * sample[i]! - d0Coef * x0[i]! - d1Coef * d1;
      }
    }
    this.previousX0 = x0;
    this.stepIndex = index + 1;
    return { prevSample, predOriginalSample: x0 };
  }

  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    if (this.timesteps.length === 0) throw new Error(`${NAME}.addNoise: call setTimesteps first.`);
    const { alpha, sigma } = alphaSigma(this.sigmas[indexForTimestep(this.timesteps, timestep, true, NAME)]!);
    checkSameLength(noise, originalSamples, `${NAME}.addNoise`);
    return originalSamples.map((x, i) => f(alpha * x) + f(sigma * noise[i]!));
  }

  /** How many of the smallest-noise training timesteps lambda_min_clipped removes from the schedule. */
  private clippedCount(): number {
    let count = 0;
    for (const a of this.schedule.alphasCumprod) {
      const lambda = f(f(Math.log(f(Math.sqrt(a)))) - f(Math.log(f(Math.sqrt(f(1 - a))))));
      if (lambda < this.lambdaMinClipped) count++;
    }
    return count;
  }
}
