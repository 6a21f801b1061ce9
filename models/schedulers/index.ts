import { DDIMScheduler } from './ddim.js';
import { DPMSolverMultistepScheduler } from './dpm-solver-multistep.js';
import { EulerAncestralDiscreteScheduler } from './euler-ancestral.js';
import { LCMScheduler } from './lcm.js';
import type { Scheduler, SchedulerConfig } from './scheduler.js';
import { UniPCMultistepScheduler } from './unipc-multistep.js';

export type { Scheduler, SchedulerConfig, StepResult } from './scheduler.js';
export { DDIMScheduler, DPMSolverMultistepScheduler, EulerAncestralDiscreteScheduler, LCMScheduler, UniPCMultistepScheduler };

interface Entry {
  create: (config: SchedulerConfig) => Scheduler;
  /** Config keys a short name implies, applied over the bundle's config. */
  overrides?: SchedulerConfig;
}

const DPM_2M = { algorithm_type: 'dpmsolver++', solver_order: 2 };

const SCHEDULERS: Record<string, Entry> = {
  DDIMScheduler: { create: (c) => new DDIMScheduler(c) },
  DPMSolverMultistepScheduler: { create: (c) => new DPMSolverMultistepScheduler(c) },
  EulerAncestralDiscreteScheduler: { create: (c) => new EulerAncestralDiscreteScheduler(c) },
  UniPCMultistepScheduler: { create: (c) => new UniPCMultistepScheduler(c) },
  LCMScheduler: { create: (c) => new LCMScheduler(c) },
  ddim: { create: (c) => new DDIMScheduler(c) },
  'dpmpp-2m': { create: (c) => new DPMSolverMultistepScheduler(c), overrides: { ...DPM_2M, use_karras_sigmas: false } },
  'dpmpp-2m-karras': { create: (c) => new DPMSolverMultistepScheduler(c), overrides: { ...DPM_2M, use_karras_sigmas: true } },
  'euler-a': { create: (c) => new EulerAncestralDiscreteScheduler(c) },
  unipc: { create: (c) => new UniPCMultistepScheduler(c) },
  lcm: { create: (c) => new LCMScheduler(c) },
};

export const SCHEDULER_NAMES: readonly string[] = Object.keys(SCHEDULERS);

/**
 * A scheduler from a bundle's scheduler_config.json, by its `_class_name` or by `nameOverride` (a class
 * name or a short name), the way a diffusers pipeline swaps schedulers with
 * `XScheduler.from_config(pipe.scheduler.config)`: the config's training schedule is kept, keys the new
 * class does not know are ignored, and keys it does not find take its own defaults.
 */
export function createScheduler(config: SchedulerConfig, nameOverride?: string): Scheduler {
  const name = nameOverride ?? config._class_name;
  const entry = name === undefined ? undefined : SCHEDULERS[name];
  if (!entry) {
    const why = name === undefined ? 'the config has no _class_name' : `unknown scheduler "${name}"`;
    throw new Error(`${why}; choose one of: ${SCHEDULER_NAMES.join(', ')} (pass it as the scheduler name to override the config's _class_name).`);
  }
  return entry.create({ ...config, ...entry.overrides });
}
