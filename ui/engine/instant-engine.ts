import { InstantRemoveEngine, INSTANT_ENGINE_LABEL } from '../../models/instant/instant-remove-engine.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import type { Engine, EngineControl, EngineJob, EngineResult } from './engine.js';
import { ProgressTracker } from './progress-tracker.js';

/** Remove without a model: the default until a bundle is installed (models/instant). */
export class InstantEngine implements Engine {
  readonly name = INSTANT_ENGINE_LABEL;
  readonly isModel = false;
  readonly tasks = ['remove'] as const;
  private readonly remover = new InstantRemoveEngine();

  async run(job: EngineJob, control: EngineControl): Promise<EngineResult> {
    const tracker = new ProgressTracker(1);
    // The same windows and feathered, colour-matched paste-back as the model gets.
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
