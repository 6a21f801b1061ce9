import { speedSettings } from '../../models/engine/speed-presets.js';
import type { Task } from '../../models/engine/types.js';
import type { RunSettings, SpeedPreset } from './run-settings.js';

export const SPEED_PRESETS: readonly { value: SpeedPreset; label: string; hint: string }[] = [
  { value: 'fast', label: 'Fast', hint: 'Fewer steps: a quick look, some detail lost' },
  { value: 'balanced', label: 'Balanced', hint: 'Good results in about two thirds of the time' },
  { value: 'best', label: 'Best', hint: "PowerPaint's own settings: 45 DDIM steps" },
];

/** What a preset sets (models/engine/speed-presets.ts, shared with the command line); the window fuses no LoRA yet. */
export function presetValues(preset: SpeedPreset, task: Task): Pick<RunSettings, 'steps' | 'guidance' | 'scheduler'> {
  return speedSettings(preset, task, false);
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
