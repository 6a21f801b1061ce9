import type { Task } from '../../models/engine/types.js';
import type { RunSettings, SpeedPreset } from './run-settings.js';

export const SPEED_PRESETS: readonly { value: SpeedPreset; label: string; hint: string }[] = [
  { value: 'fast', label: 'Fast', hint: 'Fewer steps: a quick look, some detail lost' },
  { value: 'balanced', label: 'Balanced', hint: 'Good results in about two thirds of the time' },
  { value: 'best', label: 'Best', hint: "PowerPaint's own settings: 45 DDIM steps" },
];

/**
 * What a preset sets. DDIM throughout: it is PowerPaint v1's scheduler and the one whose step runs on
 * the GPU without a round trip (models/README.md, GPU-resident loop), so fewer steps is the honest
 * speed lever. Remove and outpaint want stronger guidance than the text tasks (PowerPaint suggests 10+).
 */
export function presetValues(preset: SpeedPreset, task: Task): Pick<RunSettings, 'steps' | 'guidance' | 'scheduler'> {
  const contextTask = task === 'remove' || task === 'outpaint';
  switch (preset) {
    case 'fast':
      return { steps: 15, guidance: contextTask ? 9 : 7, scheduler: 'ddim' };
    case 'balanced':
      return { steps: 30, guidance: contextTask ? 10 : 7.5, scheduler: 'ddim' };
    case 'best':
      return { steps: 45, guidance: contextTask ? 12 : 7.5, scheduler: 'ddim' };
  }
}

/** Applies a preset to settings (keeps everything else). */
export function withPreset(settings: RunSettings, preset: SpeedPreset): RunSettings {
  return { ...settings, preset, ...presetValues(preset, settings.task) };
}

/** Which preset the steps/guidance/scheduler match, or 'custom' after a hand edit. */
export function matchingPreset(settings: RunSettings): SpeedPreset | 'custom' {
  for (const { value } of SPEED_PRESETS) {
    const p = presetValues(value, settings.task);
    if (p.steps === settings.steps && p.guidance === settings.guidance && p.scheduler === settings.scheduler) return value;
  }
  return 'custom';
}
