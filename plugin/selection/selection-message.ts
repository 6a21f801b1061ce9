/// <reference types="@figma/plugin-typings" />
import { maskSearch } from '../mask/find-mask-layers.js';
import type { SelectionMessage, SourceSummary } from '../protocol/messages.js';
import { prepareSourceAsync, summarizeSourceAsync } from '../source/prepare-source.js';
import { readSelection } from './read-selection.js';
import { sourceProblemText } from './source-problem-text.js';

/** Tells the window what is selected: the usable sources with their masks, what was skipped, or what to select. */
export async function selectionMessageAsync(selection: readonly SceneNode[]): Promise<SelectionMessage> {
  const reading = readSelection(selection);
  const sources: SourceSummary[] = [];
  const skipped = reading.skipped.map(({ node, problem }) => ({ id: node.id, name: node.name, reason: sourceProblemText(problem, null) }));
  const masks = maskSearch(reading.shapes);
  for (const { node } of reading.sources) {
    const prepared = await prepareSourceAsync(node, 'remove', {}, masks);
    if (prepared.ok) sources.push(await summarizeSourceAsync(prepared.source, {}));
    else skipped.push({ id: node.id, name: node.name, reason: sourceProblemText(prepared.problem, null) });
  }
  if (sources.length > 0) return { type: 'selection', sources, skipped, problem: null };
  const problem = skipped[0]?.reason ?? sourceProblemText(reading.problem ?? { kind: 'nothing-selected' }, null);
  return { type: 'selection', sources, skipped, problem };
}
