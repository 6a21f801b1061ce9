import type { Task } from './types.js';

export const SPEEDS = ['fast', 'balanced', 'best'] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * latent-consistency's LCM-LoRA for SD-1.5 (kohya layout, rank 64, 134.6 MB): what Fast fuses into the UNet.
 * Its authors run it with LCMScheduler, 4 to 8 steps and guidance 1 (up to 2); at guidance 1 the negative
 * prompt is not run, so each step is one UNet batch. The scheduler is named as the window's choices name it
 * ('lcm', like 'ddim'), so a saved setting and a preset compare equal; the engine takes either name.
 */
export const LCM_LORA = { repo: 'latent-consistency/lcm-lora-sdv1-5', scheduler: 'lcm', steps: 4, guidance: 1 } as const;

export interface SpeedSettings {
  steps: number;
  guidance: number;
  scheduler: string;
}

/**
 * What a speed sets, for the window and the command line alike. Fast is LCM-LoRA's setting when that LoRA is
 * fused (`lcmLora`), else fewer DDIM steps. Balanced and Best are DDIM: PowerPaint v1's scheduler and the one
 * whose step runs on the GPU without a round trip (models/README.md, GPU-resident loop). Remove and outpaint
 * want stronger guidance than the text tasks (PowerPaint suggests 10+).
 */
export function speedSettings(speed: Speed, task: Task, lcmLora: boolean): SpeedSettings {
  const contextTask = task === 'remove' || task === 'outpaint';
  switch (speed) {
    case 'fast':
      return lcmLora ? { steps: LCM_LORA.steps, guidance: LCM_LORA.guidance, scheduler: LCM_LORA.scheduler } : { steps: 15, guidance: contextTask ? 9 : 7, scheduler: 'ddim' };
    case 'balanced':
      return { steps: 30, guidance: contextTask ? 10 : 7.5, scheduler: 'ddim' };
    case 'best':
      return { steps: 45, guidance: contextTask ? 12 : 7.5, scheduler: 'ddim' };
  }
}
