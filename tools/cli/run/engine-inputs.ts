import type { BundleManifest } from '../../../models/bundle/manifest.js';
import type { InpaintRequest, MaskImage, RgbaImage } from '../../../models/engine/types.js';
import type { EngineJob } from '../../../ui/engine/engine.js';
import type { RunSettings } from '../commands/run-options.js';

/**
 * The plugin window's job for these settings: what `Engine.run` takes, so the window's own engine
 * classes map it to the model exactly as they do for the window. Unset sampling settings take the
 * model's defaults, as a fresh window does for a loaded model.
 */
export function engineJob(image: RgbaImage, mask: MaskImage | undefined, settings: RunSettings, defaults: BundleManifest['defaults']): EngineJob {
  return {
    image,
    // Outpaint to a target reads no mask (EngineJob: "unused by outpaint"); an empty one stands in.
    mask: mask ?? { width: image.width, height: image.height, data: new Uint8Array(image.width * image.height) },
    task: settings.task,
    prompt: settings.prompt ?? '',
    negativePrompt: settings.negativePrompt ?? '',
    // The engine's own default (models/text/task-conditioning.ts): follow the drawn shape.
    fittingDegree: settings.fittingDegree ?? 1,
    steps: settings.steps ?? defaults.steps,
    guidance: settings.guidance ?? defaults.guidance,
    scheduler: settings.scheduler ?? defaults.scheduler,
    seed: settings.seed,
    variations: settings.variations,
    ...(settings.outpaintTarget && { outpaintTarget: settings.outpaintTarget }),
  };
}

/** `engine.run`'s request as diffusers' pipeline call would be: what is unset, the engine sets from the model. */
export function wholeImageRequest(image: RgbaImage, mask: MaskImage, settings: RunSettings): InpaintRequest {
  const { task, prompt, negativePrompt, fittingDegree, steps, guidance, scheduler, seed, variations } = settings;
  return { image, mask, task, prompt, negativePrompt, fittingDegree, steps, guidance, scheduler, seed, variations };
}
