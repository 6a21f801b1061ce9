import { throwIfAborted } from '../../../models/engine/errors.js';
import type { RgbaImage } from '../../../models/engine/types.js';
import type { EngineProgress } from '../../../ui/engine/engine.js';
import type { RunSettings } from '../commands/run-options.js';
import type { CliEngine } from '../model/load-engine.js';
import { engineJob, wholeImageRequest } from './engine-inputs.js';
import type { Inputs } from './read-inputs.js';

/** Where one picture's run is: the stage's step, the context window (0 of 1 for --whole-image), the ETA. */
export type RunProgress = Pick<EngineProgress, 'stage' | 'step' | 'total' | 'window' | 'windows' | 'etaMs'>;

export interface RunControl {
  signal?: AbortSignal | undefined;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunResult {
  /** One per variation, in order; outpaint to a target: the extended canvas. */
  images: { seed: number; image: RgbaImage }[];
  warnings: string[];
}

/**
 * One picture through the window's path (default) or `engine.run` as is (--whole-image). A stop asked
 * for while the model ran is honoured after it too: onnxruntime-web's wasm steps can finish without
 * giving Node's event loop a turn, so Ctrl-C may only be seen once the run is over, and must not then
 * count as done.
 */
export async function runImage(engine: CliEngine, inputs: Inputs, settings: RunSettings, control: RunControl): Promise<RunResult> {
  const result = await runOnce(engine, inputs, settings, control);
  throwIfAborted(control.signal);
  return result;
}

async function runOnce(engine: CliEngine, inputs: Inputs, settings: RunSettings, control: RunControl): Promise<RunResult> {
  const signal = control.signal ? { signal: control.signal } : {};
  if (settings.wholeImage) {
    // run-options makes --whole-image come with a mask (it refuses --extend and --ratio there).
    const result = await engine.direct.run(wholeImageRequest(inputs.image, inputs.mask!, settings), {
      ...signal,
      onProgress: (p) => control.onProgress?.({ ...p, window: 0, windows: 1 }),
    });
    return { images: result.variations, warnings: result.warnings };
  }
  const result = await engine.window.run(engineJob(inputs.image, inputs.mask, settings, engine.defaults), {
    ...signal,
    onProgress: (p) => control.onProgress?.(p),
  });
  return { images: result.variations, warnings: result.warnings };
}
