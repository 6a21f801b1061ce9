import type { MaskImage, Task } from '../../models/engine/types.js';
import type { TaskOptions } from '../../plugin/protocol/messages.js';
import type { EngineJob } from '../engine/engine.js';
import { unionMasks } from '../mask/mask-image.js';
import type { RunSettings } from '../settings/run-settings.js';
import type { PreparedSource } from './source-for-job.js';

/**
 * The engine's job for a prepared source: the mask the person painted (or, in a batch, Figma's mask
 * shapes) plus, for outpaint, the region outside the image. Outpaint of an image lying unscaled on its
 * canvas goes through the outpaint runner (window by window, prefilled); otherwise the canvas is inpainted.
 */
export function engineJobFor(source: PreparedSource, painted: MaskImage | null, task: Task, options: TaskOptions, fallback: RunSettings): EngineJob {
  const base = {
    task,
    prompt: options.prompt ?? '',
    negativePrompt: options.negativePrompt ?? '',
    fittingDegree: options.fittingDegree ?? fallback.fittingDegree,
    steps: options.steps ?? fallback.steps,
    guidance: options.guidance ?? fallback.guidance,
    scheduler: options.scheduler ?? fallback.scheduler,
    seed: options.seed ?? fallback.seed,
    variations: options.variations ?? fallback.variations,
  };
  const drawn = painted ?? source.shapes;
  const { canvas, image, offset } = source.composed;
  if (task === 'outpaint' && source.region !== null) {
    if (offset && image !== canvas) {
      return {
        ...base,
        image,
        mask: drawn,
        outpaintTarget: { kind: 'frame', rect: { x: -offset.x, y: -offset.y, width: canvas.width, height: canvas.height } },
      };
    }
    return { ...base, image: canvas, mask: unionMasks(drawn, source.region) };
  }
  return { ...base, image: canvas, mask: drawn };
}
