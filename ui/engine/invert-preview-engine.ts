import { throwIfAborted } from '../../models/engine/errors.js';
import { patchFromChanges } from '../../models/image/patch.js';
import { TASKS } from '../../models/engine/types.js';
import type { Engine, EngineControl, EngineJob, EngineResult } from './engine.js';

/**
 * Not PowerPaint: inverts RGB inside the mask and keeps alpha, so a round trip through Figma shows
 * plainly (and testably) that pixels went out, were changed, and came back in the right place.
 */
export class InvertPreviewEngine implements Engine {
  readonly name = 'Preview transform (inverts colours)';
  readonly isModel = false;
  readonly tasks = TASKS;

  async run(job: EngineJob, control: EngineControl): Promise<EngineResult> {
    throwIfAborted(control.signal);
    const { image, mask } = job;
    const data = new Uint8ClampedArray(image.data);
    for (let pixel = 0; pixel < mask.data.length; pixel++) {
      if ((mask.data[pixel] ?? 0) < 128) continue;
      const at = pixel * 4;
      for (let channel = at; channel < at + 3; channel++) data[channel] = 255 - (data[channel] ?? 0);
    }
    const result = { width: image.width, height: image.height, data };
    return {
      variations: Array.from({ length: job.variations }, (_, i) => ({
        seed: (job.seed + i) >>> 0,
        image: result,
        patch: patchFromChanges(image, result, { x: 0, y: 0 }),
      })),
      sourceOffset: { x: 0, y: 0 },
      warnings: [],
      backend: 'preview',
      stepMs: undefined,
    };
  }
}
