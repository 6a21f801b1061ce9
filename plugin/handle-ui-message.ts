/// <reference types="@figma/plugin-typings" />
import type { Jobs } from './jobs.js';
import type { PluginToUiMessage, ResultMessage, RunMessage, UiToPluginMessage } from './protocol/messages.js';
import { TASK_LABELS } from './protocol/task-labels.js';
import { selectionMessage } from './selection/selection-message.js';
import { sourceProblemText } from './selection/source-problem-text.js';
import { findSourceLayerAsync } from './source/find-source-layer.js';
import { readSourceImageAsync } from './source/read-source-image.js';
import { placeResultLayer, resultLayerName } from './write-back/place-result-layer.js';

export interface PluginSession {
  post(message: PluginToUiMessage): void;
  jobs: Jobs;
  /** The task the menu command chose, sent to the window once it is ready. */
  preselectedTask: RunMessage['task'] | null;
}

/** Window size limits: big enough for the controls, small enough not to cover the canvas. */
const MIN_SIZE = 240;
const MAX_SIZE = 1200;

/** Acts on one message the window sent; the message was validated before it got here. */
export async function handleUiMessageAsync(session: PluginSession, message: UiToPluginMessage): Promise<void> {
  switch (message.type) {
    case 'ready':
      session.post({ type: 'preselect', task: session.preselectedTask });
      session.post(selectionMessage(figma.currentPage.selection));
      return;
    case 'run':
      return startJobAsync(session, message);
    case 'result':
      return placeJobResultAsync(session, message);
    case 'cancel':
      session.jobs.cancel(message.jobId);
      return;
    case 'notify':
      figma.notify(message.message, { error: message.error === true });
      return;
    case 'close':
      figma.closePlugin();
      return;
    case 'resize':
      figma.ui.resize(clamp(message.width), clamp(message.height));
      return;
  }
}

/** Finds the source the window showed and sends its pixels back as a job. */
async function startJobAsync(session: PluginSession, run: RunMessage): Promise<void> {
  const lookup = await findSourceLayerAsync(run.sourceId);
  if (!lookup.ok) {
    reportProblem(session, sourceProblemText(lookup.problem, TASK_LABELS[run.task]));
    return;
  }
  const { layer } = lookup;
  const image = await readSourceImageAsync(layer);
  const jobId = session.jobs.start({ sourceId: layer.id, sourceName: layer.name, task: run.task });
  session.post({
    type: 'source',
    jobId,
    sourceId: layer.id,
    task: run.task,
    options: run.options,
    image: image.bytes,
    width: image.width,
    height: image.height,
    name: layer.name,
  });
}

/** Places a finished job's image over its source, unless the job was cancelled or the source is gone. */
async function placeJobResultAsync(session: PluginSession, result: ResultMessage): Promise<void> {
  const job = session.jobs.finish(result.jobId);
  if (job === undefined) {
    console.warn(`PowerPaint: dropped the result of ${result.jobId}: it was cancelled or already placed.`);
    return;
  }
  const lookup = await findSourceLayerAsync(job.sourceId, job.sourceName);
  if (!lookup.ok) {
    reportProblem(session, sourceProblemText(lookup.problem, TASK_LABELS[job.task]), result.jobId);
    return;
  }
  const layer = placeResultLayer(lookup.layer, { png: result.png, taskLabel: result.taskLabel });
  session.post({ type: 'result-placed', jobId: result.jobId, nodeId: layer.id, name: resultLayerName(result.taskLabel) });
}

/** A problem the person must act on: a Figma toast (seen even with the window scrolled) and the window's status. */
export function reportProblem(session: PluginSession, text: string, jobId?: string): void {
  figma.notify(text, { error: true });
  session.post(jobId === undefined ? { type: 'error', message: text } : { type: 'error', message: text, jobId });
}

function clamp(size: number): number {
  return Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, size)));
}
