/// <reference types="@figma/plugin-typings" />
/**
 * Entry of the plugin's main thread: wires Figma's events to the document operations. A task command
 * checks the selection first, so bad input ends with a message and an untouched document.
 */
import { taskForCommand } from './commands.js';
import { handleUiMessageAsync, reportProblem, type PluginSession } from './handle-ui-message.js';
import { Jobs } from './jobs.js';
import type { PluginToUiMessage } from './protocol/messages.js';
import { TASK_LABELS } from './protocol/task-labels.js';
import { validateUiToPluginMessage } from './protocol/validate.js';
import { readSelection } from './selection/read-selection.js';
import { selectionMessage } from './selection/selection-message.js';
import { sourceProblemText } from './selection/source-problem-text.js';

const WINDOW_SIZE = { width: 320, height: 480 };

function start(command: string): void {
  const task = taskForCommand(command);
  if (task !== null) {
    const reading = readSelection(figma.currentPage.selection);
    if (!reading.ok) {
      figma.notify(sourceProblemText(reading.problem, TASK_LABELS[task]), { error: true });
      figma.closePlugin();
      return;
    }
  }

  figma.showUI(__html__, { themeColors: true, ...WINDOW_SIZE });
  const session: PluginSession = {
    post: (message: PluginToUiMessage) => figma.ui.postMessage(message),
    jobs: new Jobs(),
    preselectedTask: task,
  };

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

  const postSelection = () => session.post(selectionMessage(figma.currentPage.selection));
  figma.on('selectionchange', postSelection);
  figma.on('currentpagechange', postSelection);
}

start(figma.command);
