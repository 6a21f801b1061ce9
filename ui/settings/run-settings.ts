import { LCM_LORA } from '../../models/engine/speed-presets.js';
import type { Task } from '../../models/engine/types.js';
import type { OutputMode } from '../../plugin/protocol/messages.js';
import { presetValues } from './speed-presets.js';

/** Where an outpaint extends the image to; `frame` uses the frame around the layer in Figma. */
export type OutpaintTargetChoice =
  | { kind: 'frame' }
  | { kind: 'aspect'; ratio: string }
  | { kind: 'sides'; pixels: number };

export type SpeedPreset = 'fast' | 'balanced' | 'best';
export type SeedMode = 'lock' | 'new';
export type { OutputMode };

/** Everything the window lets the person set for a run; saved between sessions. */
export interface RunSettings {
  task: Task;
  prompt: string;
  negativePrompt: string;
  /** Fill shape: 1 follows the drawn shape, ~0.5 lets the object take its own. */
  fittingDegree: number;
  outpaintTarget: OutpaintTargetChoice;
  preset: SpeedPreset | 'custom';
  steps: number;
  guidance: number;
  scheduler: string;
  seed: number;
  seedMode: SeedMode;
  variations: number;
  output: OutputMode;
}

export const SCHEDULER_CHOICES: readonly { value: string; label: string }[] = [
  { value: 'ddim', label: 'DDIM (PowerPaint default)' },
  { value: 'dpmpp-2m-karras', label: 'DPM++ 2M Karras' },
  { value: 'dpmpp-2m', label: 'DPM++ 2M' },
  { value: 'euler-a', label: 'Euler a' },
  { value: 'unipc', label: 'UniPC' },
  // Latent consistency sampling: only meaningful with LCM-LoRA fused (Fast sets it then); the name is the shared preset's.
  { value: LCM_LORA.scheduler, label: 'LCM (needs LCM-LoRA)' },
];

export const LIMITS = {
  steps: { min: 1, max: 100 },
  guidance: { min: 1, max: 20 },
  variations: { min: 1, max: 8 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  sidesPixels: { min: 8, max: 2048 },
} as const;

export function defaultRunSettings(task: Task = 'remove'): RunSettings {
  return {
    task,
    prompt: '',
    negativePrompt: '',
    fittingDegree: 0.9,
    outpaintTarget: { kind: 'frame' },
    preset: 'balanced',
    ...presetValues('balanced', task, false),
    seed: 1234,
    seedMode: 'new',
    variations: 1,
    output: 'layer',
  };
}

/** Settings read back from storage: anything missing or out of range falls back to the default. */
export function sanitizeRunSettings(value: unknown): RunSettings {
  if (typeof value !== 'object' || value === null) return defaultRunSettings();
  const v = value as Partial<Record<keyof RunSettings, unknown>>;
  const base = defaultRunSettings(typeof v.task === 'string' && ['object', 'remove', 'shape', 'outpaint'].includes(v.task) ? (v.task as Task) : 'remove');
  const num = (x: unknown, min: number, max: number, fallback: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : fallback;
  const pick = <T extends string>(x: unknown, options: readonly T[], fallback: T): T =>
    typeof x === 'string' && (options as readonly string[]).includes(x) ? (x as T) : fallback;
  return {
    task: pick(v.task, ['object', 'remove', 'shape', 'outpaint'], base.task),
    prompt: typeof v.prompt === 'string' ? v.prompt : '',
    negativePrompt: typeof v.negativePrompt === 'string' ? v.negativePrompt : '',
    fittingDegree: num(v.fittingDegree, 0, 1, base.fittingDegree),
    outpaintTarget: sanitizeTarget(v.outpaintTarget),
    preset: pick(v.preset, ['fast', 'balanced', 'best', 'custom'], base.preset),
    steps: Math.round(num(v.steps, LIMITS.steps.min, LIMITS.steps.max, base.steps)),
    guidance: num(v.guidance, LIMITS.guidance.min, LIMITS.guidance.max, base.guidance),
    scheduler: pick(v.scheduler, SCHEDULER_CHOICES.map((s) => s.value), base.scheduler),
    seed: Math.round(num(v.seed, LIMITS.seed.min, LIMITS.seed.max, base.seed)),
    seedMode: pick(v.seedMode, ['lock', 'new'], base.seedMode),
    variations: Math.round(num(v.variations, LIMITS.variations.min, LIMITS.variations.max, base.variations)),
    output: pick(v.output, ['layer', 'patch'], base.output),
  };
}

function sanitizeTarget(value: unknown): OutpaintTargetChoice {
  if (typeof value !== 'object' || value === null) return { kind: 'frame' };
  const v = value as { kind?: unknown; ratio?: unknown; pixels?: unknown };
  if (v.kind === 'aspect' && typeof v.ratio === 'string') return { kind: 'aspect', ratio: v.ratio };
  if (v.kind === 'sides' && typeof v.pixels === 'number' && Number.isFinite(v.pixels)) {
    return { kind: 'sides', pixels: Math.round(Math.min(LIMITS.sidesPixels.max, Math.max(LIMITS.sidesPixels.min, v.pixels))) };
  }
  return { kind: 'frame' };
}

/** A fresh random seed (32-bit). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
