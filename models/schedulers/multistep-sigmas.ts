import type { ConfigReader } from './config.js';
import type { NoiseSchedule } from './noise-schedule.js';
import { trainSigmas } from './noise-schedule.js';
import { interpIndex, roundHalfEven } from './numpy.js';
import { karrasSigmas, logSigmasF32, sigmaToT } from './sigmas.js';

/**
 * The timestep and sigma schedule both multistep solvers (DPM-Solver++, UniPC) derive from their config:
 * either sigmas interpolated at the spaced timesteps, or Karras sigmas with the timesteps mapped back.
 * Sigmas end with the final sigma (0, or the smallest) and are float32 as diffusers stores them.
 */
export interface MultistepSchedule {
  timesteps: number[];
  sigmas: Float64Array;
}

export function readSigmaOptions(read: ConfigReader): { karras: boolean; finalSigmaMin: boolean } {
  for (const key of ['use_exponential_sigmas', 'use_beta_sigmas', 'use_flow_sigmas', 'use_dynamic_shifting']) read.requireDefault(key, false);
  return {
    karras: read.boolean('use_karras_sigmas', false),
    finalSigmaMin: read.choice('final_sigmas_type', 'zero', ['zero', 'sigma_min']) === 'sigma_min',
  };
}

export function multistepSchedule(
  schedule: NoiseSchedule,
  timesteps: number[],
  options: { karras: boolean; finalSigmaMin: boolean; truncateKarrasTimesteps: boolean; karrasRange?: { min: number | null; max: number | null }; karrasFinalIsLast: boolean },
): MultistepSchedule {
  const table = trainSigmas(schedule.alphasCumprod);
  const n = timesteps.length;
  let sigmas: number[];
  if (options.karras) {
    const logSigmas = logSigmasF32(table);
    sigmas = karrasSigmas(options.karrasRange?.min ?? table[0]!, options.karrasRange?.max ?? table[table.length - 1]!, n);
    // diffusers keeps fractional timesteps for cosine schedules; the int64 cast then truncates them.
    const toInt = options.truncateKarrasTimesteps ? Math.trunc : roundHalfEven;
    timesteps = sigmas.map((s) => toInt(sigmaToT(s, logSigmas)));
  } else {
    sigmas = timesteps.map((t) => interpIndex(t, table));
  }
  // UniPC's Karras branch ends on the smallest Karras sigma; otherwise sigma_min is the training one.
  const minimum = options.karras && options.karrasFinalIsLast ? sigmas[n - 1]! : table[0]!;
  const last = options.finalSigmaMin ? minimum : 0;
  return { timesteps, sigmas: Float64Array.from([...sigmas, last], Math.fround) };
}
