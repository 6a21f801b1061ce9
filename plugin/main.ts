/// <reference types="@figma/plugin-typings" />
/**
 * Entry of the plugin's main thread: wires Figma's events to the document operations. A task command
 * checks the selection first, so bad input ends with a message and an untouched document. A quick action
 * (a command run with parameters) runs at once with the last settings; "Run again" on a result layer
 * opens with the settings stored on it.
 */
import { optionsFromParameters, PARAMETER_KEYS, RATIO_SUGGESTIONS, taskForCommand } from './commands.js';
import { handleUiMessageAsync, reportProblem } from './handle-ui-message.js';
import type { PluginToUiMessage } from './protocol/messages.js';
import { TASK_LABELS } from './protocol/task-labels.js';
import { validateUiToPluginMessage } from './protocol/validate.js';
import { readSelection } from './selection/read-selection.js';
import { selectionMessageAsync } from './selection/selection-message.js';
import { sourceProblemText } from './selection/source-problem-text.js';
import { watchSelection } from './selection/watch-selection.js';
import { newSession, TOAST_LIMIT, type PluginSession } from './session.js';
import { isSceneNode, pageOf } from './document/node-tree.js';
import { readResultData, RELAUNCH_COMMAND } from './write-back/result-data.js';

const WINDOW_SIZE = { width: 320, height: 480 };

async function startAsync(session: PluginSession, command: string, parameters: ParameterValues | undefined): Promise<void> {
  const task = session.preselectedTask;
  if (command === RELAUNCH_COMMAND) await presetFromResultLayerAsync(session);

  if (task !== null) {
    const reading = readSelection(figma.currentPage.selection);
    if (reading.problem !== undefined) return stop(session, sourceProblemText(reading.problem, TASK_LABELS[task]));
    if (parameters !== undefined) {
      const read = optionsFromParameters(parameters);
      if ('problem' in read) return stop(session, read.problem);
      session.presetOptions = read.options;
      session.autoRun = true;
    }
  }
  openWindow(session);
}

function openWindow(session: PluginSession): void {
  figma.showUI(__html__, { themeColors: true, ...WINDOW_SIZE });
  figma.ui.onmessage = (raw: unknown) => {
    const validation = validateUiToPluginMessage(raw);
    if (!validation.ok) {
      console.warn(`PowerPaint: ignored a message from the window: ${validation.reason}`);
      return;
    }
    handleUiMessageAsync(session, validation.message).catch((error: unknown) => {
      console.error('PowerPaint:', error);
      const reason = error instanceof Error ? error.message : String(error);
      // Cut long reasons: the window's validator accepts status text up to 1000 characters.
      reportProblem(session, `PowerPaint could not finish: ${reason}`.slice(0, 500));
    });
  };

  watchSelection(() => {
    selectionMessageAsync(figma.currentPage.selection).then(session.post, (error: unknown) => console.error('PowerPaint:', error));
  });
}

/** "Run again": the task and options stored on the selected result layer, with its source selected. */
async function presetFromResultLayerAsync(session: PluginSession): Promise<void> {
  const [layer] = figma.currentPage.selection;
  const data = layer === undefined ? null : readResultData(layer);
  if (data === null) return;
  session.preselectedTask = data.task;
  session.presetOptions = data.options;
  const source = await figma.getNodeByIdAsync(data.sourceId);
  if (source !== null && !source.removed && isSceneNode(source) && pageOf(source) === figma.currentPage) figma.currentPage.selection = [source];
}

/**
 * The command can't run: a toast and the plugin closes, when the text fits a toast. Figma cuts toasts at 100
 * characters, and the "what to do" half would be lost: a longer text opens the window, which shows all of it.
 */
function stop(session: PluginSession, text: string): void {
  if (text.length <= TOAST_LIMIT) {
    figma.notify(text, { error: true });
    figma.closePlugin();
    return;
  }
  session.startupProblem = text;
  session.autoRun = false;
  openWindow(session);
}

/** What may still become a ratio as the person goes on typing ("16", "16:", "1.5"), or "Frame". */
const PARTIAL_RATIO = /^(\d+(\.\d*)?(\s*[:/x×]\s*(\d+(\.\d*)?)?)?|f(r(a(m(e)?)?)?)?)$/;

/**
 * Quick actions: suggestions while the person types a parameter. A value that can't become a ratio gets the
 * same message as running with it would, before it is accepted. setError is not available on a parameter with
 * `allowFreeform` (plugin-api.d.ts, setError), so the ratio has none and a typed ratio is offered as the first
 * suggestion instead, as those docs advise.
 */
function offerParameterSuggestions(): void {
  if (typeof figma.parameters === 'undefined') return;
  figma.parameters.on('input', ({ key, query, result }: ParameterInputEvent) => {
    if (key !== PARAMETER_KEYS.ratio) return result.setSuggestions([]);
    const typed = query.trim().toLowerCase();
    const read = optionsFromParameters({ [PARAMETER_KEYS.ratio]: query });
    if ('problem' in read && !PARTIAL_RATIO.test(typed)) return result.setError(read.problem);
    const listed = RATIO_SUGGESTIONS.filter((suggestion) => suggestion.toLowerCase().startsWith(typed));
    const asTyped = typed !== '' && !('problem' in read) && !listed.some((suggestion) => suggestion.toLowerCase() === typed) ? [query.trim()] : [];
    result.setSuggestions([...asTyped, ...listed]);
  });
}

offerParameterSuggestions();
figma.on('run', ({ command, parameters }: RunEvent) => {
  const session = newSession((message: PluginToUiMessage) => figma.ui.postMessage(message), taskForCommand(command));
  startAsync(session, command, parameters).catch((error: unknown) => {
    console.error('PowerPaint:', error);
    stop(session, `PowerPaint could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
});
