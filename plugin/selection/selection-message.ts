/// <reference types="@figma/plugin-typings" />
import type { SelectionMessage } from '../protocol/messages.js';
import { readSelection } from './read-selection.js';
import { sourceProblemText } from './source-problem-text.js';
import { summarizeSource } from '../source/summarize-source.js';

/** Tells the window what is selected: a usable source, or what to select instead. */
export function selectionMessage(selection: readonly SceneNode[]): SelectionMessage {
  const reading = readSelection(selection);
  return reading.ok
    ? { type: 'selection', source: summarizeSource(reading.layer) }
    : { type: 'selection', source: null, problem: sourceProblemText(reading.problem, null) };
}
