/** Test support: one job of a run, played as the window plays it. Node-only: never bundled. */
import type { FakeFigma } from '../../test/harness/fake-figma/index.js';
import type { JobMessage, OutputMode, PaintedMask, ResultMessage, RunMessage, Task } from '../protocol/messages.js';
import { solidPng } from './pixels.js';
import { runCommandAsync, sendAndAwaitAsync } from './run-plugin.js';

/** A mask as the window paints it: any PNG of the canvas size (the plugin never looks inside). */
export function paintedMask(width: number, height: number): PaintedMask {
  return { png: solidPng(width, height, [255, 255, 255, 255]), width, height };
}

/** Runs `task`'s command and starts a run on `source` (selected beforehand); resolves with its job. */
export async function startJobAsync(fake: FakeFigma, source: { id: string }, task: Task, mask?: PaintedMask, output?: OutputMode): Promise<JobMessage> {
  await runCommandAsync(fake, task === 'object' ? 'insert' : task);
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  const run: RunMessage = { type: 'run', sourceIds: [source.id], task, options: { seed: 1234 }, ...(mask ? { mask } : {}), ...(output ? { output } : {}) };
  return sendAndAwaitAsync(fake, run, 'job');
}

/** The result message for `png` covering the job's whole canvas. */
export function wholeResult(job: JobMessage, png: Uint8Array, seed = 1234): ResultMessage {
  return { type: 'result', jobId: job.jobId, images: [{ png, x: 0, y: 0, width: job.canvas.width, height: job.canvas.height, seed, variation: 0 }] };
}
