import { speedSettings } from '../../models/engine/speed-presets.js';
import type { Task } from '../../models/engine/types.js';
import type { RunSettings, SpeedPreset } from './run-settings.js';

export const SPEED_PRESETS: readonly { value: SpeedPreset; label: string; hint: string }[] = [
  { value: 'fast', label: 'Fast', hint: 'Fewer steps: a quick look, some detail lost' },
  { value: 'balanced', label: 'Balanced', hint: 'Good results in about two thirds of the time' },
  { value: 'best', label: 'Best', hint: "PowerPaint's own settings: 45 DDIM steps" },
];

/**
 * What a preset sets (models/engine/speed-presets.ts, shared with the command line). `lcmLora`: LCM-LoRA is
 * fused into the loaded model, which turns Fast into LCM sampling; Balanced and Best ignore it.
 */
export function presetValues(preset: SpeedPreset, task: Task, lcmLora: boolean): Pick<RunSettings, 'steps' | 'guidance' | 'scheduler'> {
  return speedSettings(preset, task, lcmLora);
}

/** Applies a preset to settings (keeps everything else). */
export function withPreset(settings: RunSettings, preset: SpeedPreset, lcmLora: boolean): RunSettings {
  return { ...settings, preset, ...presetValues(preset, settings.task, lcmLora) };
}

/**
 * Which preset the steps/guidance/scheduler match, or 'custom' after a hand edit. `lcmLora` as for presetValues;
 * left out, either meaning counts: settings saved while LCM-LoRA was fused come back before any model is loaded.
 */
export function matchingPreset(settings: RunSettings, lcmLora?: boolean): SpeedPreset | 'custom' {
  for (const { value } of SPEED_PRESETS) {
    for (const lcm of lcmLora === undefined ? [false, true] : [lcmLora]) {
      const p = presetValues(value, settings.task, lcm);
      if (p.steps === settings.steps && p.guidance === settings.guidance && p.scheduler === settings.scheduler) return value;
    }
  }
  return 'custom';
}

/**
 * The preset's values for the model now loaded, when they differ from the settings' (LCM-LoRA fused or gone,
 * or settings read back from storage); null when nothing is to change or the settings are custom.
 */
export function presetFollowingModel(settings: RunSettings, lcmLora: boolean): RunSettings | null {
  if (settings.preset === 'custom') return null;
  const p = presetValues(settings.preset, settings.task, lcmLora);
  if (p.steps === settings.steps && p.guidance === settings.guidance && p.scheduler === settings.scheduler) return null;
  return withPreset(settings, settings.preset, lcmLora);
}
