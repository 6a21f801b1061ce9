import { showUsedUpMaskText, usedUpMaskText } from '../protocol/used-mask-words.js';
import type { SourceProblem } from '../source/source-problem.js';

/** Largest layer side PowerPaint reads, in pixels at full resolution (it then works at up to 4096). */
export const MAX_READ_SIDE = 16384;

/**
 * What to tell the person, ending in what to do next. With a task label (a menu command or Run) the
 * text says to run that task again; without one (the window waiting for a selection) it just asks.
 */
export function sourceProblemText(problem: SourceProblem, taskLabel: string | null): string {
  const then = taskLabel === null ? '.' : `, then run ${taskLabel} again.`;
  switch (problem.kind) {
    case 'nothing-selected':
      return `Select an image layer${then}`;
    case 'not-an-image':
      return `“${problem.name}” has no image fill. Select an image layer${then}`;
    case 'deleted':
      return `${problem.name === undefined ? 'The layer' : `“${problem.name}”`} was deleted. Select an image layer${then}`;
    case 'locked':
      return `“${problem.name}” is locked. Unlock it${then}`;
    case 'zero-size':
      return `“${problem.name}” has no size to paint on. Select a layer at least 1 px wide and high${then}`;
    case 'hidden':
      return `“${problem.name}” is hidden, and Figma gives no bounds for a hidden layer, so PowerPaint can’t tell where its pixels belong. Show it${then}`;
    case 'too-large':
      return `“${problem.name}” is too large (${Math.round(problem.width)} × ${Math.round(problem.height)} px; PowerPaint reads up to ${MAX_READ_SIDE} px per side). Select a smaller layer${then}`;
    case 'no-image-data':
      return `Figma has no image data for “${problem.name}” yet. Wait until the image has loaded${then}`;
    case 'nothing-to-outpaint':
      if (problem.why === 'no-frame') return `“${problem.name}” is not in a frame, so there is no frame to extend it to. Choose an aspect ratio or pixels per side, or put it in a larger frame${then}`;
      if (problem.why === 'ratio') return `“${problem.name}” already has that aspect ratio (or is wider and taller). Choose another ratio or pixels per side${then}`;
      return `“${problem.name}” already fills its frame. Put it in a larger frame or choose an aspect ratio${then}`;
    case 'no-mask':
      if (problem.usedUp !== undefined && problem.usedUp.length > 0) {
        const usedUp = problem.usedUp;
        return `Nothing marks what to paint on “${problem.name}”: ${usedUpMaskText(usedUp)}. To paint the same area, ${showUsedUpMaskText(usedUp.length)}; or draw a shape or paint a mask in the window${then}`;
      }
      return `Nothing marks what to paint on “${problem.name}”. Draw a shape over it or paint a mask in the window${then}`;
    case 'empty-mask':
      return `The mask doesn’t cover any of “${problem.name}”. Draw the shape over the image${then}`;
    case 'mask-covers-all':
      return `The mask covers all of “${problem.name}”, so there is nothing left to fill from. Make the mask smaller${then}`;
    case 'export-mismatch':
      return `Figma exported “${problem.name}” at ${problem.exported.width} × ${problem.exported.height} px, not the ${problem.expected.width} × ${problem.expected.height} px its bounds give, so PowerPaint can’t tell where its pixels belong and changed nothing. Run it on a flattened copy of the layer (⌘E)${then}`;
    case 'export-moved':
      return `“${problem.name}” moved or changed while Figma exported it, so PowerPaint can’t tell where its pixels belong and changed nothing. Leave it as it is until the run has started${then}`;
    case 'mask-size':
      return `The painted mask doesn’t match “${problem.name}” (${problem.width} × ${problem.height} px); the layer changed. Paint the mask again${then}`;
  }
}
