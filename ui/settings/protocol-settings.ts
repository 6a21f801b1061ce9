import type { Task } from '../../models/engine/types.js';
import { parseRatio } from '../../models/image/outpaint-canvas.js';
import { SETTINGS_SCHEMA_VERSION, type ModelSourceSetting, type Settings, type TaskOptions } from '../../plugin/protocol/messages.js';
import { sanitizeRunSettings, type RunSettings } from './run-settings.js';
import { matchingPreset } from './speed-presets.js';

/** What a run sends to the plugin (and gets back on the job), from the window's settings. */
export function taskOptionsFrom(settings: RunSettings): TaskOptions {
  const options: TaskOptions = {
    seed: settings.seed,
    steps: settings.steps,
    guidance: settings.guidance,
    scheduler: settings.scheduler,
    variations: settings.variations,
  };
  if (settings.task === 'object' || settings.task === 'shape') options.prompt = settings.prompt;
  if (settings.negativePrompt.trim()) options.negativePrompt = settings.negativePrompt;
  if (settings.task === 'shape') options.fittingDegree = settings.fittingDegree;
  if (settings.task === 'outpaint') Object.assign(options, outpaintOptions(settings));
  return options;
}

/** Outpaint's canvas choice as the plugin reads it: nothing for the frame, `aspectRatio`, or `outpaintSides`. */
export function outpaintOptions(settings: Pick<RunSettings, 'outpaintTarget'>): { aspectRatio?: number; outpaintSides?: number } {
  const target = settings.outpaintTarget;
  if (target.kind === 'aspect') {
    try {
      return { aspectRatio: Math.min(20, Math.max(0.05, parseRatio(target.ratio))) };
    } catch {
      return {};
    }
  }
  if (target.kind === 'sides') return { outpaintSides: target.pixels };
  return {};
}

/** The model panel's source before the person chose one. */
export const DEFAULT_MODEL_SOURCE: ModelSourceSetting = { from: 'catalog' };

/**
 * The window's settings as stored in figma.clientStorage: per task options, the output, whether the seed is
 * locked, and where the model panel loads from.
 */
export function storedSettingsFrom(settings: RunSettings, previous: Settings | null, model: ModelSourceSetting = previous?.model ?? DEFAULT_MODEL_SOURCE): Settings {
  const options = taskOptionsFrom(settings);
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    task: settings.task,
    options: { ...previous?.options, [settings.task]: { ...options, prompt: settings.prompt } },
    output: settings.output,
    seedMode: settings.seedMode,
    model: {
      from: model.from,
      ...(model.catalogId !== undefined && { catalogId: model.catalogId }),
      ...(model.url !== undefined && model.url !== '' && { url: model.url.slice(0, 1000) }),
      ...(model.repo !== undefined && model.repo !== '' && { repo: model.repo.slice(0, 300) }),
      ...(model.hubToken !== undefined && model.hubToken !== '' && { hubToken: model.hubToken.slice(0, 300) }),
      ...(model.serverOn === true && { serverOn: true }),
      ...(model.serverUrl !== undefined && model.serverUrl !== '' && { serverUrl: model.serverUrl.slice(0, 1000) }),
      ...(model.serverToken !== undefined && model.serverToken !== '' && { serverToken: model.serverToken.slice(0, 1000) }),
      ...(model.serverJobs !== undefined && { serverJobs: model.serverJobs }),
    },
  };
}

/** Settings for `task` from what the plugin stored (and relaunch options, which win). */
export function runSettingsFrom(stored: Settings, task: Task, override?: TaskOptions): RunSettings {
  const o = { ...stored.options[task], ...override };
  // An outpaint target in the override replaces the stored one.
  if (override?.outpaintSides !== undefined && override.aspectRatio === undefined) delete o.aspectRatio;
  const settings = sanitizeRunSettings({
    task,
    prompt: o.prompt ?? '',
    negativePrompt: o.negativePrompt ?? '',
    fittingDegree: o.fittingDegree,
    outpaintTarget:
      o.aspectRatio !== undefined
        ? { kind: 'aspect', ratio: String(Number(o.aspectRatio.toFixed(4))) }
        : o.outpaintSides !== undefined
          ? { kind: 'sides', pixels: o.outpaintSides }
          : { kind: 'frame' },
    steps: o.steps,
    guidance: o.guidance,
    scheduler: o.scheduler,
    seed: o.seed,
    // "Run again" on a layer repeats its seed; otherwise the stored choice.
    seedMode: override?.seed !== undefined ? 'lock' : stored.seedMode,
    variations: o.variations,
    output: stored.output,
  });
  return { ...settings, preset: matchingPreset(settings) };
}
