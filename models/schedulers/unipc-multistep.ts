import { ConfigReader } from './config.js';
import { multistepSchedule, readSigmaOptions } from './multistep-sigmas.js';
import { noiseSchedule, type NoiseSchedule } from './noise-schedule.js';
import { checkSameLength, predictEpsilon, predictX0, PREDICTION_TYPES, type PredictionType } from './prediction.js';
import type { Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
import { alphaSigma } from './sigmas.js';
import { checkStepCount, indexForTimestep, multistepTimesteps, TIMESTEP_SPACINGS, type TimestepSpacing } from './timesteps.js';

const NAME = 'UniPCMultistepScheduler';
const f = Math.fround;

/**
 * diffusers' UniPCMultistepScheduler (Zhao et al. 2023): a predictor (UniP) of order up to solver_order
 * and, from the second step on, a corrector (UniC) that refines the current sample with the new model
 * output before predicting. B(h) is bh1 or bh2; the model output is converted to x0 (predict_x0, default)
 * or to epsilon. Stateful like diffusers: call step once per timestep, in order, after setTimesteps.
 */
export class UniPCMultistepScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly schedule: NoiseSchedule;
  private readonly solverOrder: number;
  private readonly predictionType: PredictionType;
  private readonly predictX0: boolean;
  private readonly bh2: boolean;
  private readonly lowerOrderFinal: boolean;
  private readonly disableCorrector: number[];
  private readonly karras: boolean;
  private readonly finalSigmaMin: boolean;
  private readonly karrasRange: { min: number | null; max: number | null };
  private readonly spacing: TimestepSpacing;
  private readonly stepsOffset: number;
  /** diffusers' sigmas for the timesteps, then the final sigma; float32 values. */
  sigmas: Float64Array = new Float64Array(0);
  // Converted model outputs of the last solver_order steps, newest last.
  private outputs: Float32Array[] = [];
  private lastSample: Float32Array | null = null;
  private lastOrder = 0;
  private stepIndex: number | null = null;

  constructor(config: SchedulerConfig) {
    const read = new ConfigReader(config, NAME);
    read.requireDefault('thresholding', false);
    read.requireDefault('solver_p', null);
    this.schedule = noiseSchedule(read, { betaStart: 0.0001, betaEnd: 0.02, betaSchedule: 'linear' });
    this.solverOrder = read.integer('solver_order', 2, 1);
    this.predictionType = read.choice('prediction_type', 'epsilon', PREDICTION_TYPES);
    this.predictX0 = read.boolean('predict_x0', true);
    // diffusers maps DPM-Solver's solver types to bh2, so a shared config keeps working.
    this.bh2 = read.choice('solver_type', 'bh2', ['bh1', 'bh2', 'midpoint', 'heun', 'logrho']) !== 'bh1';
    this.lowerOrderFinal = read.boolean('lower_order_final', true);
    this.disableCorrector = read.integerList('disable_corrector');
    ({ karras: this.karras, finalSigmaMin: this.finalSigmaMin } = readSigmaOptions(read));
    this.karrasRange = { min: read.optionalNumber('sigma_min'), max: read.optionalNumber('sigma_max') };
    if ((!this.bh2 || !this.predictX0) && !this.finalSigmaMin) {
      // B(h) = h or an epsilon update is infinite at a final sigma of 0: diffusers returns NaN there.
      throw new Error(`${NAME}: solver_type "bh1" or predict_x0 false need final_sigmas_type "sigma_min" (with "zero" the last step is NaN).`);
    }
    this.spacing = read.choice('timestep_spacing', 'linspace', TIMESTEP_SPACINGS);
    this.stepsOffset = read.integer('steps_offset', 0, 0);
  }

  setTimesteps(numInferenceSteps: number): void {
    const numTrain = this.schedule.numTrainTimesteps;
    checkStepCount(numInferenceSteps, numTrain, NAME);
    const spaced = multistepTimesteps(this.spacing, numInferenceSteps, numTrain, numTrain, this.stepsOffset);
    const { timesteps, sigmas } = multistepSchedule(this.schedule, spaced, {
      karras: this.karras,
      finalSigmaMin: this.finalSigmaMin,
      truncateKarrasTimesteps: false,
      karrasRange: this.karrasRange,
      karrasFinalIsLast: true,
    });
    this.timesteps = timesteps;
    this.sigmas = sigmas;
    this.outputs = [];
    this.lastSample = null;
    this.lastOrder = 0;
    this.stepIndex = null;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): StepResult {
    if (this.timesteps.length === 0) throw new Error(`${NAME}.step: call setTimesteps first.`);
    checkSameLength(modelOutput, sample, `${NAME}.step`);
    const index = (this.stepIndex ??= indexForTimestep(this.timesteps, timestep, true, NAME));
    const now = alphaSigma(this.sigmas[index]!);
    const converted = this.predictX0
      ? predictX0(this.predictionType, modelOutput, sample, now.alpha, now.sigma)
      : predictEpsilon(this.predictionType, modelOutput, sample, now.alpha, now.sigma);
    let current = sample;
    if (index > 0 && this.lastSample && !this.disableCorrector.includes(index - 1)) {
      // UniC: redo the last update from lastSample (at index - 1) with the new output as extra information.
      current = this.update(this.lastSample, index - 1, this.lastOrder, converted);
    }
    this.outputs = [...this.outputs, converted].slice(-this.solverOrder);
    const order = Math.min(
      this.lowerOrderFinal ? Math.min(this.solverOrder, this.timesteps.length - index) : this.solverOrder,
      this.outputs.length,
    );
    this.lastOrder = order;
    this.lastSample = current;
    const prevSample = this.update(current, index, order, null);
    this.stepIndex = index + 1;
    return { prevSample, predOriginalSample: this.predictX0 ? converted : undefined };
  }

  addNoise(originalSamples: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    if (this.timesteps.length === 0) throw new Error(`${NAME}.addNoise: call setTimesteps first.`);
    checkSameLength(noise, originalSamples, `${NAME}.addNoise`);
    const { alpha, sigma } = alphaSigma(this.sigmas[indexForTimestep(this.timesteps, timestep, true, NAME)]!);
    return originalSamples.map((x, i) => f(alpha * x) + f(sigma * noise[i]!));
  }

  /**
   * One UniP (corrected = null) or UniC update of order `order` from sample x at sigma index `from` to
   * index from + 1. The stored outputs end with the output at `from` (predictor) or at from + 1
   * (corrector, whose own output is `corrected`, not yet stored).
   */
  private update(x: Float32Array, from: number, order: number, corrected: Float32Array | null): Float32Array {
    const t = alphaSigma(this.sigmas[from + 1]!);
    const s0 = alphaSigma(this.sigmas[from]!);
    const h = f(t.lambda - s0.lambda);
    const m0 = this.outputs[this.outputs.length - 1]!;
    // Earlier outputs as differences D1_k = (m_k - m0) / r_k, r_k their lambda offsets in units of h.
    const rks: number[] = [];
    const d1s: { m: Float32Array; rk: number }[] = [];
    for (let i = 1; i < order; i++) {
      const rk = f(f(alphaSigma(this.sigmas[from - i]!).lambda - s0.lambda) / h);
      rks.push(rk);
      d1s.push({ m: this.outputs[this.outputs.length - 1 - i]!, rk });
    }
    rks.push(1);
    const hh = this.predictX0 ? -h : h;
    const hPhi1 = f(Math.expm1(hh));
    const bh = this.bh2 ? hPhi1 : hh;
    const b: number[] = [];
    let hPhiK = f(f(hPhi1 / hh) - 1);
    let factorial = 1;
    for (let i = 1; i <= order; i++) {
      b.push(f(f(hPhiK * factorial) / bh));
      factorial *= i + 1;
      hPhiK = f(f(hPhiK / hh) - f(1 / factorial));
    }
    const matrix = Array.from({ length: order }, (_, row) => rks.map((r) => r ** row));
    // diffusers fixes rho = 0.5 for the order-1 corrector and the order-2 predictor instead of solving.
    let rhos: number[];
    if (corrected) rhos = order === 1 ? [0.5] : solve(matrix, b);
    else if (order <= 2) rhos = order === 2 ? [0.5] : [];
    else rhos = solve(matrix.slice(0, -1).map((row) => row.slice(0, -1)), b.slice(0, -1));
    const ratio = this.predictX0 ? f(t.sigma / s0.sigma) : f(t.alpha / s0.alpha);
    const scale = this.predictX0 ? t.alpha : t.sigma;
    const mCoef = f(scale * hPhi1);
    const resCoef = f(scale * bh);
    const out = new Float32Array(x.length);
    for (let j = 0; j < x.length; j++) {
      let res = 0;
      d1s.forEach((d, k) => (res += rhos[k]! * ((d.m[j]! - m0[j]!) / d.rk)));
      if (corrected) res += rhos[rhos.length - 1]! * (corrected[j]! - m0[j]!);
      out[j] = ratio * x[j]! - mCoef * m0[j]! - resCoef * res;
    }
    return out;
  }
}

/** Gaussian elimination with partial pivoting for the tiny (order x order) UniPC systems. */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}
