import type { EnginePreview, EngineProgress, EngineResult } from '../engine/engine.js';
import type { Explanation } from '../errors/explain-error.js';
import type { OutputMode } from '../settings/run-settings.js';

/** Where the window is in a run; `state` is also the status element's data-state, for tests. */
export type RunState =
  | { state: 'idle' }
  | { state: 'exporting'; sourceName: string }
  /** `preview`: the result as it forms, where the engine makes previews (the model's inpainting tasks). */
  | { state: 'running'; jobId: string; index: number; count: number; sourceName: string; progress: EngineProgress | null; preview: EnginePreview | null; startedAt: number }
  /** Results wait for Insert; they belong to the layer `sourceId` they were made from. */
  | { state: 'results'; jobId: string; sourceId: string; sourceName: string; result: EngineResult; selected: number; seconds: number; output: OutputMode }
  | { state: 'placing'; jobId: string }
  | { state: 'done'; text: string }
  | { state: 'cancelled' }
  | { state: 'error'; explanation: Explanation };

export function isBusy(run: RunState): boolean {
  return run.state === 'exporting' || run.state === 'running' || run.state === 'placing';
}

/** The layer the window shows now (its editor's source), or null when none is. */
export interface ShownSource {
  sourceId: string;
  name: string;
}

/**
 * What the window shows of `run` while it shows `shown`. A result belongs to the layer it was made from: while
 * another layer (or none) is shown, because the selection moved during or after the run or the source was
 * deleted, its results are not shown. The window pairs results with the layer it shows (the compare view's
 * "before", Insert's "this layer"), so showing them then would put one layer's result against another's
 * picture.
 *
 * They are kept, not thrown away, and a status line says so: a designer clicks around the canvas while the
 * window is open (to check a neighbour, to pick a mask shape) and expects the result to be there when they come
 * back to its layer, and a model run can take minutes. A deleted source comes back with Undo (same layer) and its
 * result with it. The next run discards them (the plugin holds one job at a time), as Discard does.
 */
export function shownRun(run: RunState, shown: ShownSource | null): RunState {
  if (run.state !== 'results' || shown?.sourceId === run.sourceId) return run;
  return { state: 'done', text: keptText(run.sourceName, shown) };
}

/** The status line while a result waits for its layer to be shown again. */
export function keptText(sourceName: string, shown: ShownSource | null): string {
  const name = `“${sourceName}”`;
  if (shown === null) {
    return `${name} is no longer selected. Its result is kept until the next run: select ${name} again to insert it (if you deleted it, Undo brings it back).`;
  }
  return `The result for ${name} is kept until the next run: select ${name} again to insert it. It is not shown with “${shown.name}”.`;
}
