/// <reference types="@figma/plugin-typings" />
import { isMaskShape } from '../mask/find-mask-layers.js';
import { classifySource, type SourceNode } from '../source/classify-source.js';
import type { SourceProblem } from '../source/source-problem.js';
import type { SourceKind } from '../protocol/messages.js';

export interface SelectionReading {
  /** Usable sources, in selection order: one job each. */
  sources: { node: SourceNode; kind: SourceKind }[];
  /** Shape layers selected with them: the mask ('selected' rule). */
  shapes: SceneNode[];
  /** Selected layers that can't be used, and why. */
  skipped: { node: SceneNode; problem: SourceProblem }[];
  /** Why nothing can run; undefined when there is a source. */
  problem?: SourceProblem;
}

/**
 * Sorts the selection: image layers, frames and groups are sources; shapes are masks (when there is a
 * source); anything else (text, locked or zero-size layers…) is skipped with a reason.
 */
export function readSelection(selection: readonly SceneNode[]): SelectionReading {
  const reading: SelectionReading = { sources: [], shapes: [], skipped: [] };
  const shapes: SceneNode[] = [];
  for (const node of selection) {
    if (isMaskShape(node)) {
      shapes.push(node);
      continue;
    }
    const checked = classifySource(node);
    if (checked.ok) reading.sources.push({ node: checked.node, kind: checked.kind });
    else reading.skipped.push({ node, problem: checked.problem });
  }
  if (reading.sources.length > 0) {
    reading.shapes = shapes;
    return reading;
  }
  reading.skipped.push(...shapes.map((node) => ({ node, problem: { kind: 'not-an-image' as const, name: node.name } })));
  reading.problem = reading.skipped[0]?.problem ?? { kind: 'nothing-selected' };
  return reading;
}
