/// <reference types="@figma/plugin-typings" />
/**
 * Whether a rectangular patch can stand over a source. A whole result keeps an ellipse's or rounded rectangle's
 * outline and draws the source's stroke again (result-placement.ts); a patch is a plain rectangle, so over such
 * a source it would show image where the source shows none, or cover its stroke. Such a source gets whole results.
 */
import type { SourceNode } from '../source/classify-source.js';
import type { SourcePlan } from '../source/source-plan.js';

export interface PatchOutlineProblem {
  /** What the source is or has: "is an ellipse". */
  shape: string;
  /** What a rectangular patch over it would do: "show image outside its outline". */
  harm: string;
}

/**
 * Null when a patch looks right over the source, or when a whole result would be a plain rectangle too (a source
 * that is exported, or outpainted: only a whole result that reuses the source's paint keeps its shape).
 */
export function patchOutlineProblem(source: SourceNode, plan: SourcePlan): PatchOutlineProblem | null {
  if (plan.reusablePaint === null) return null;
  if (source.type === 'ELLIPSE') return { shape: 'is an ellipse', harm: 'show image outside its outline' };
  if ((source.type === 'RECTANGLE' || source.type === 'FRAME') && hasRoundedCorners(source)) {
    return { shape: 'has rounded corners', harm: 'show square corners where it shows none' };
  }
  if ('strokes' in source && hasVisibleStroke(source)) return { shape: 'has a stroke', harm: 'cover its stroke' };
  return null;
}

/** Told with the job and its placed result, when the person asked for patches. */
export function patchOutlineNotice(name: string, problem: PatchOutlineProblem): string {
  return `“${name}” ${problem.shape}: a rectangular patch would ${problem.harm}, so its results are placed as whole layers in its shape.`;
}

/** A patch came for such a source anyway: refused before anything is added. */
export function patchOutlineRefusal(name: string, problem: PatchOutlineProblem): string {
  return `“${name}” ${problem.shape}: a rectangular patch would ${problem.harm}, so PowerPaint placed nothing. Choose Output: Layer and insert the result again.`;
}

function hasRoundedCorners(node: RectangleNode | FrameNode): boolean {
  if (typeof node.cornerRadius === 'number') return node.cornerRadius > 0;
  return [node.topLeftRadius, node.topRightRadius, node.bottomLeftRadius, node.bottomRightRadius].some((radius) => radius > 0);
}

function hasVisibleStroke(node: MinimalStrokesMixin): boolean {
  const weight = node.strokeWeight;
  // A mixed weight (figma.mixed) is some side's stroke above zero.
  return node.strokes.some((paint) => paint.visible !== false) && (typeof weight !== 'number' || weight > 0);
}
