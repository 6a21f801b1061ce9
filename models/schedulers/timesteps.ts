import { arange, linspace, roundHalfEven } from './numpy.js';

export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';
export const TIMESTEP_SPACINGS: readonly TimestepSpacing[] = ['leading', 'trailing', 'linspace'];

export function checkStepCount(numInferenceSteps: number, numTrainTimesteps: number, className: string): void {
  if (!Number.isInteger(numInferenceSteps) || numInferenceSteps < 1 || numInferenceSteps > numTrainTimesteps) {
    throw new Error(`${className}: the number of inference steps must be an integer in 1..${numTrainTimesteps}, got ${numInferenceSteps}.`);
  }
}

/**
 * DDIM / Euler timesteps (Table 2 of "Common Diffusion Noise Schedules and Sample Steps are Flawed"), high
 * to low. `round: false` keeps linspace fractional, as Euler does.
 */
export function singleStepTimesteps(spacing: TimestepSpacing, n: number, numTrain: number, stepsOffset: number, round = true): number[] {
  if (spacing === 'linspace') {
    const values = linspace(0, numTrain - 1, n).reverse();
    return round ? values.map(roundHalfEven) : values.map(Math.fround);
  }
  if (spacing === 'leading') {
    const ratio = Math.floor(numTrain / n);
    return Array.from({ length: n }, (_, i) => (n - 1 - i) * ratio + stepsOffset);
  }
  return arange(numTrain, 0, -numTrain / n).map((t) => roundHalfEven(t) - 1);
}

/**
 * Multistep solvers (DPM-Solver, UniPC) space n + 1 points and drop the last (t = 0) for linspace and
 * leading. `lastTimestep` is below numTrain only when DPM-Solver clips small lambdas.
 */
export function multistepTimesteps(spacing: TimestepSpacing, n: number, numTrain: number, lastTimestep: number, stepsOffset: number): number[] {
  if (spacing === 'linspace') {
    return linspace(0, lastTimestep - 1, n + 1).map(roundHalfEven).reverse().slice(0, n);
  }
  if (spacing === 'leading') {
    const ratio = Math.floor(lastTimestep / (n + 1));
    return Array.from({ length: n }, (_, i) => (n - i) * ratio + stepsOffset);
  }
  return arange(lastTimestep, 0, -numTrain / n).map((t) => roundHalfEven(t) - 1);
}

/**
 * diffusers' index_for_timestep: the position of `t` in the schedule, the second one when it appears twice
 * (Karras schedules can repeat a timestep; a denoising run that starts mid-schedule must not skip a sigma).
 */
export function indexForTimestep(timesteps: readonly number[], t: number, fallbackToLast: boolean, className: string): number {
  const first = timesteps.indexOf(t);
  if (first < 0) {
    if (fallbackToLast) return timesteps.length - 1;
    throw new Error(`${className}: timestep ${t} is not in the schedule; pass one of scheduler.timesteps.`);
  }
  const second = timesteps.indexOf(t, first + 1);
  return second < 0 ? first : second;
}
