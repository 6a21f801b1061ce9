/// <reference types="@figma/plugin-typings" />
import type { LoadSourceMessage, TaskOptions, UiToPluginMessage } from './protocol/messages.js';
import { TASK_LABELS } from './protocol/task-labels.js';
import { cancelBatchAsync, jobFailedAsync, placeResultAsync, startBatchAsync } from './run/batch.js';
import { readSelection } from './selection/read-selection.js';
import { selectionMessageAsync } from './selection/selection-message.js';
import { sourceProblemText } from './selection/source-problem-text.js';
import { reportProblem, type PluginSession } from './session.js';
import { loadSettingsAsync, saveSettingsAsync } from './settings/settings-store.js';
import { isSceneNode } from './document/node-tree.js';
import { maskSearch } from './mask/find-mask-layers.js';
import { prepareSourceAsync, readSourcePixelsAsync } from './source/prepare-source.js';

export { reportProblem, type PluginSession };

/**
 * Window size limits: wide enough for the controls, small enough not to cover the canvas; as low as the
 * one-line folded window (ui/components/minimized-bar.tsx).
 */
const MIN_WIDTH = 240;
const MIN_HEIGHT = 40;
const MAX_SIZE = 1200;

/** Acts on one message the window sent; the message was validated before it got here. */
export async function handleUiMessageAsync(session: PluginSession, message: UiToPluginMessage): Promise<void> {
  switch (message.type) {
    case 'ready':
      return greetAsync(session);
    case 'load-source':
      return sendSourceAsync(session, message);
    case 'run':
      return startBatchAsync(session, message);
    case 'result':
      return placeResultAsync(session, message);
    case 'job-failed':
      return jobFailedAsync(session, message.jobId, message.message);
    case 'cancel':
      return cancelBatchAsync(session, message.jobId);
    case 'save-settings':
      return saveSettingsAsync(message.settings);
    case 'notify':
      figma.notify(message.message, { error: message.error === true });
      return;
    case 'close':
      figma.closePlugin();
      return;
    case 'resize':
      figma.ui.resize(clamp(message.width, MIN_WIDTH), clamp(message.height, MIN_HEIGHT));
      return;
  }
}

/** The window is ready: its task, the last settings, the selection; a quick action then runs at once. */
async function greetAsync(session: PluginSession): Promise<void> {
  const settings = await loadSettingsAsync();
  session.post({
    type: 'preselect',
    task: session.preselectedTask,
    ...(session.presetOptions === undefined ? {} : { options: session.presetOptions }),
    ...(session.autoRun ? { autoRun: true } : {}),
  });
  session.post({ type: 'settings', settings });
  const selection = await selectionMessageAsync(figma.currentPage.selection);
  session.post(selection);
  if (session.startupProblem !== undefined) {
    reportProblem(session, session.startupProblem);
    session.startupProblem = undefined;
    return;
  }
  const task = session.preselectedTask;
  if (session.autoRun && task !== null) {
    session.autoRun = false;
    if (selection.sources.length === 0) {
      reportProblem(session, sourceProblemText(readSelection(figma.currentPage.selection).problem ?? { kind: 'nothing-selected' }, TASK_LABELS[task]));
      return;
    }
    const options = mergeOptions(settings.options[task] ?? {}, session.presetOptions ?? {});
    await startBatchAsync(session, { sourceIds: selection.sources.map((source) => source.id), task, options, output: settings.output });
  }
}

/** A source's pixels and masks for the window's mask editor and preview; no job. */
async function sendSourceAsync(session: PluginSession, request: LoadSourceMessage): Promise<void> {
  const node = await figma.getNodeByIdAsync(request.sourceId);
  if (node === null || node.removed || !isSceneNode(node)) {
    reportProblem(session, sourceProblemText({ kind: 'deleted' }, null));
    return;
  }
  const options = request.options ?? {};
  const { shapes } = readSelection(figma.currentPage.selection);
  const prepared = await prepareSourceAsync(node, request.task, options, maskSearch(shapes));
  if (!prepared.ok) return reportProblem(session, sourceProblemText(prepared.problem, null));
  const read = await readSourcePixelsAsync(prepared.source, request.task, options, prepared.source.mask);
  if (!read.ok) return reportProblem(session, sourceProblemText(read.problem, null));
  session.post({ type: 'source', requestId: request.requestId, ...read.pixels });
}

/** The last settings under a quick action's or relaunch's options; an outpaint target given there replaces the stored one. */
function mergeOptions(stored: TaskOptions, preset: TaskOptions): TaskOptions {
  const merged = { ...stored, ...preset };
  if (preset.aspectRatio !== undefined && preset.outpaintSides === undefined) delete merged.outpaintSides;
  if (preset.outpaintSides !== undefined && preset.aspectRatio === undefined) delete merged.aspectRatio;
  return merged;
}

function clamp(size: number, min: number): number {
  return Math.round(Math.min(MAX_SIZE, Math.max(min, size)));
}
