import type { SourceProblem } from './read-selection.js';

/**
 * What to tell the person, ending in what to do next. With a task label (a menu command or Run) the
 * text says to run that task again; without one (the window waiting for a selection) it just asks.
 */
export function sourceProblemText(problem: SourceProblem, taskLabel: string | null): string {
  const then = taskLabel === null ? '.' : `, then run ${taskLabel} again.`;
  switch (problem.kind) {
    case 'nothing-selected':
      return `Select an image layer${then}`;
    case 'several-selected':
      return `Select just one image layer${then}`;
    case 'not-an-image':
      return `“${problem.name}” has no image fill. Select an image layer${then}`;
    case 'deleted':
      return `${problem.name === undefined ? 'The layer' : `“${problem.name}”`} was deleted. Select an image layer${then}`;
  }
}
