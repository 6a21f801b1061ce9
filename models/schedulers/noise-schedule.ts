import type { ConfigReader } from './config.js';
import { checkSameLength } from './prediction.js';

/**
 * The training noise schedule shared by every scheduler: betas -> alphas_cumprod, reproducing diffusers'
 * float32 torch arithmetic exactly (torch.linspace in float32 with fused multiply-add, squared in float32,
 * 1 - beta in float32, torch.cumprod accumulating in float64 and storing float32). Values are float32
 * numbers held in a Float64Array so later float64 math starts from exactly what diffusers starts from.
 */
export interface NoiseSchedule {
  numTrainTimesteps: number;
  alphasCumprod: Float64Array;
}

const f = Math.fround;

export function noiseSchedule(read: ConfigReader, defaults: { betaStart: number; betaEnd: number; betaSchedule: string }): NoiseSchedule {
  read.requireDefault('rescale_betas_zero_snr', false);
  const numTrainTimesteps = read.integer('num_train_timesteps', 1000, 2);
  const trained = read.numberList('trained_betas');
  let betas: Float64Array;
  if (trained) {
    if (trained.length !== numTrainTimesteps) {
      throw new Error(`trained_betas has ${trained.length} values but num_train_timesteps is ${numTrainTimesteps}.`);
    }
    betas = Float64Array.from(trained, f);
  } else {
    const start = read.number('beta_start', defaults.betaStart);
    const end = read.number('beta_end', defaults.betaEnd);
    const schedule = read.choice('beta_schedule', defaults.betaSchedule, ['linear', 'scaled_linear', 'squaredcos_cap_v2']);
    if (schedule === 'linear') betas = torchLinspaceF32(start, end, numTrainTimesteps);
    else if (schedule === 'scaled_linear') betas = torchLinspaceF32(start ** 0.5, end ** 0.5, numTrainTimesteps).map((b) => f(b * b));
    else betas = cosineBetas(numTrainTimesteps);
  }
  const alphasCumprod = new Float64Array(numTrainTimesteps);
  let product = 1;
  for (let i = 0; i < numTrainTimesteps; i++) {
    product *= f(1 - betas[i]!);
    alphasCumprod[i] = f(product);
  }
  return { numTrainTimesteps, alphasCumprod };
}

/** torch.linspace(start, end, n, dtype=float32) on CPU: two halves, each `a ± step * i` as one FMA. */
function torchLinspaceF32(startIn: number, endIn: number, n: number): Float64Array {
  const start = f(startIn);
  const end = f(endIn);
  const step = f(f(end - start) / (n - 1));
  const half = Math.floor(n / 2);
  // step * i is exact in float64 (24 + 10 bits), so one rounding of the sum reproduces the FMA.
  return Float64Array.from({ length: n }, (_, i) => (i < half ? f(start + step * i) : f(end - step * (n - i - 1))));
}

/** diffusers' betas_for_alpha_bar with the cosine transform (squaredcos_cap_v2): float64, then float32. */
function cosineBetas(n: number): Float64Array {
  const alphaBar = (t: number): number => Math.cos(((t + 0.008) / 1.008) * Math.PI / 2) ** 2;
  return Float64Array.from({ length: n }, (_, i) => f(Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999)));
}

/** diffusers' `((1 - alphas_cumprod) / alphas_cumprod) ** 0.5` in float32 torch ops, low timestep first. */
export function trainSigmas(alphasCumprod: Float64Array): Float64Array {
  return alphasCumprod.map((a) => f(Math.sqrt(f(f(1 - a) / a))));
}

/** `alphas_cumprod[t]`, for schedulers that index the training schedule directly (DDIM, LCM). */
export function alphaCumprodAt(schedule: NoiseSchedule, t: number, className: string): number {
  const a = Number.isInteger(t) ? schedule.alphasCumprod[t] : undefined;
  if (a === undefined) throw new Error(`${className}: timestep ${t} is not an integer in 0..${schedule.numTrainTimesteps - 1}.`);
  return a;
}

/**
 * DDPM forward process sqrt(a) * x + sqrt(1 - a) * noise, as diffusers' float32 torch ops compute it
 * (each product and the sum rounded to float32), so the result matches bit for bit.
 */
export function addNoiseAlphaCumprod(alphaCumprod: number, original: Float32Array, noise: Float32Array): Float32Array {
  checkSameLength(noise, original, 'addNoise');
  const a = f(Math.sqrt(alphaCumprod));
  const b = f(Math.sqrt(f(1 - alphaCumprod)));
  return original.map((x, i) => f(a * x) + f(b * noise[i]!));
}
