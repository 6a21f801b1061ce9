import type { EngineProgress, EngineResult } from '../engine/engine.js';
import type { Explanation } from '../errors/explain-error.js';

/** Where the window is in a run; `state` is also the status element's data-state, for tests. */
export type RunState =
  | { state: 'idle' }
  | { state: 'exporting'; sourceName: string }
  | { state: 'running'; jobId: string; index: number; count: number; sourceName: string; progress: EngineProgress | null; startedAt: number }
  | { state: 'results'; jobId: string; sourceName: string; result: EngineResult; selected: number; seconds: number }
  | { state: 'placing'; jobId: string }
  | { state: 'done'; text: string }
  | { state: 'cancelled' }
  | { state: 'error'; explanation: Explanation };

export function isBusy(run: RunState): boolean {
  return run.state === 'exporting' || run.state === 'running' || run.state === 'placing';
}
