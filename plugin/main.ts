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
import { newSession, type PluginSession } from './session.js';
import { isSceneNode } from './document/node-tree.js';
import { readResultData, RELAUNCH_COMMAND } from './write-back/result-data.js';

const WINDOW_SIZE = { width: 320, height: 480 };

async function startAsync(command: string, parameters: ParameterValues | undefined): Promise<void> {
  const session = newSession((message: PluginToUiMessage) => figma.ui.postMessage(message), taskForCommand(command));
  const task = session.preselectedTask;
  if (command === RELAUNCH_COMMAND) await presetFromResultLayerAsync(session);

  if (task !== null) {
    const reading = readSelection(figma.currentPage.selection);
    if (reading.problem !== undefined) return stop(sourceProblemText(reading.problem, TASK_LABELS[task]));
    if (parameters !== undefined) {
      const read = optionsFromParameters(parameters);
      if ('problem' in read) return stop(read.problem);
      session.presetOptions = read.options;
      session.autoRun = true;
    }
  }

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

  const postSelection = () => {
    selectionMessageAsync(figma.currentPage.selection).then(session.post, (error: unknown) => console.error('PowerPaint:', error));
  };
  figma.on('selectionchange', postSelection);
  figma.on('currentpagechange', postSelection);
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

function pageOf(node: BaseNode): BaseNode | null {
  let current: BaseNode | null = node;
  while (current !== null && current.type !== 'PAGE') current = current.parent;
  return current;
}

function stop(text: string): void {
  figma.notify(text, { error: true });
  figma.closePlugin();
}

/** What may still become a ratio as the person goes on typing ("16", "16:", "1.5"), or "Frame". */
const PARTIAL_RATIO = /^(\d+(\.\d*)?(\s*[:/x×]\s*(\d+(\.\d*)?)?)?|f(r(a(m(e)?)?)?)?)$/;

/**
 * Quick actions: suggestions while the person types a parameter. The ratio is free-form, so a value that
 * can't become a ratio gets the same message as running with it would, before it is accepted.
 */
function offerParameterSuggestions(): void {
  if (typeof figma.parameters === 'undefined') return;
  figma.parameters.on('input', ({ key, query, result }: ParameterInputEvent) => {
    if (key !== PARAMETER_KEYS.ratio) return result.setSuggestions([]);
    const typed = query.trim().toLowerCase();
    const read = optionsFromParameters({ [PARAMETER_KEYS.ratio]: query });
    if ('problem' in read && !PARTIAL_RATIO.test(typed)) return result.setError(read.problem);
    result.setSuggestions(RATIO_SUGGESTIONS.filter((suggestion) => suggestion.toLowerCase().startsWith(typed)));
  });
}

offerParameterSuggestions();
figma.on('run', ({ command, parameters }: RunEvent) => {
  startAsync(command, parameters).catch((error: unknown) => {
    console.error('PowerPaint:', error);
    stop(`PowerPaint could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
});
