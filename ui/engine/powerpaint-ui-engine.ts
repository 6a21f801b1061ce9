import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { TASKS, type InpaintRequest } from '../../models/engine/types.js';
import { inpaintFullResolution, outpaintFullResolution, type FullResolutionControl, type WindowPreview } from '../../models/full-resolution/index.js';
import type { Engine, EngineControl, EngineJob, EngineResult } from './engine.js';
import { ProgressTracker } from './progress-tracker.js';

/**
 * The PowerPaint model, run at the source's full resolution: inpainting tasks through context windows
 * around each masked area, outpaint window by window over the extended canvas (models/full-resolution).
 * Inpainting previews each window as it forms; outpaint's canvas is not shown until its result, so it has none.
 */
export class PowerPaintUiEngine implements Engine {
  readonly isModel = true;
  readonly tasks = TASKS;

  constructor(
    readonly model: PowerPaintEngine,
    readonly bundleName: string,
  ) {}

  get name(): string {
    const { backend, adapter } = this.model.backend;
    const where =
      backend === 'webgpu' ? `WebGPU (${adapter ?? 'adapter'})` : backend === 'native' ? 'the CPU (onnxruntime-node)' : backend === 'server' ? `the inference server at ${adapter}` : 'wasm (CPU)';
    return `${this.bundleName} on ${where}`;
  }

  get sendsTo(): string | undefined {
    const { backend, adapter } = this.model.backend;
    return backend === 'server' ? adapter : undefined;
  }

  async run(job: EngineJob, control: EngineControl): Promise<EngineResult> {
    const tracker = new ProgressTracker(job.steps * (job.task === 'outpaint' ? 1 : job.variations));
    const request: Omit<InpaintRequest, 'mask' | 'task'> = {
      image: job.image,
      prompt: job.prompt,
      negativePrompt: job.negativePrompt,
      steps: job.steps,
      guidance: job.guidance,
      scheduler: job.scheduler,
      seed: job.seed,
      variations: job.variations,
      ...(job.task === 'shape' && { fittingDegree: job.fittingDegree }),
    };
    const fullControl: FullResolutionControl = {
      ...(control.signal && { signal: control.signal }),
      onProgress: (p) => control.onProgress?.(tracker.update(p, p.window, p.windows)),
    };
    if (job.task === 'outpaint' && job.outpaintTarget) {
      const result = await outpaintFullResolution(this.model, { ...request, target: job.outpaintTarget }, {}, fullControl);
      return {
        variations: result.variations.map((v) => ({ seed: v.seed, image: v.image, patch: undefined })),
        sourceOffset: { x: result.canvas.offsetX, y: result.canvas.offsetY },
        warnings: result.warnings,
        backend: result.backend,
        stepMs: tracker.stepMs,
      };
    }
    const onPreview = control.onPreview;
    const inpaintControl = { ...fullControl, ...(onPreview && { onPreview: ({ x, y, image, step, total }: WindowPreview) => onPreview({ x, y, image, step, total, decoder: this.model.previewDecoder }) }) };
    const result = await inpaintFullResolution(this.model, { ...request, mask: job.mask, task: job.task }, {}, inpaintControl);
    return {
      variations: result.variations.map((v) => ({ seed: v.seed, image: v.image ?? job.image, patch: v.patch })),
      sourceOffset: { x: 0, y: 0 },
      warnings: result.warnings,
      backend: result.backend,
      stepMs: tracker.stepMs,
    };
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
