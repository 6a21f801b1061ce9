import { InstantRemoveEngine, INSTANT_ENGINE_LABEL } from '../../models/instant/instant-remove-engine.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { checkRemoveTask } from '../../models/instant/validate-remove-request.js';
import type { Engine, EngineControl, EngineJob, EngineResult } from './engine.js';
import { ProgressTracker } from './progress-tracker.js';

/** Remove without a model: the default until a bundle is installed (models/instant). */
export class InstantEngine implements Engine {
  readonly name = INSTANT_ENGINE_LABEL;
  readonly isModel = false;
  readonly tasks = ['remove'] as const;
  private readonly remover = new InstantRemoveEngine();

  async run(job: EngineJob, control: EngineControl): Promise<EngineResult> {
    // Before the full-resolution path looks at sizes: an outpaint canvas is larger than its source, and
    // "the mask is 533x300 but the image is 451x300" would hide that outpaint needs the model.
    checkRemoveTask(job.task);
    const tracker = new ProgressTracker(1);
    // The same windows as the model gets, pasted back by the remover's own options: exactly over the mask.
    const result = await inpaintFullResolution(
      this.remover,
      { image: job.image, mask: job.mask, task: job.task, seed: job.seed, variations: job.variations },
      {},
      {
        ...(control.signal && { signal: control.signal }),
        onProgress: (p) => control.onProgress?.(tracker.update(p, p.window, p.windows)),
      },
    );
    return {
      variations: result.variations.map((v) => ({ seed: v.seed, image: v.image ?? job.image, patch: v.patch })),
      sourceOffset: { x: 0, y: 0 },
      warnings: result.warnings,
      backend: 'instant',
      stepMs: undefined,
    };
  }
}
