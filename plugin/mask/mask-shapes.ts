/// <reference types="@figma/plugin-typings" />
/**
 * Mask layers as outlines in a canvas's pixels, and the checks a mask must pass before a job runs: it covers
 * some of the canvas, and (for Remove) not all of it, or there is nothing left to fill from.
 */
import { coveredFraction, overlapsCanvas } from '../geometry/coverage.js';
import type { MaskShape, PathData, Task } from '../protocol/messages.js';
import type { CanvasBox } from '../source/source-plan.js';
import type { SourceProblem } from '../source/source-problem.js';
import { invert } from '../geometry/affine.js';
import { outlinesIn } from './layer-outlines.js';

/** Each layer's outline in canvas pixels; layers that miss the canvas entirely are left out. */
export function maskShapesIn(layers: readonly SceneNode[], canvas: CanvasBox): MaskShape[] {
  const canvasFromPage = invert(canvas.pageFromCanvas);
  return layers
    .map((layer) => ({ id: layer.id, name: layer.name, paths: outlinesIn(layer, canvasFromPage) }))
    .filter((shape) => shape.paths.length > 0 && overlapsCanvas(shape.paths, canvas.width, canvas.height));
}

/** A predicate: does a layer's outline meet this canvas? */
export function overlapsBox(canvas: CanvasBox): (layer: SceneNode) => boolean {
  const canvasFromPage = invert(canvas.pageFromCanvas);
  return (layer) => overlapsCanvas(outlinesIn(layer, canvasFromPage), canvas.width, canvas.height);
}

/**
 * What is wrong with the mask of a job, if anything. A painted mask (from the window) can't be looked into
 * here (the sandbox decodes no images): the window checks it; shapes are checked on a sample grid.
 */
export function maskProblem(
  task: Task,
  name: string,
  shapes: readonly MaskShape[],
  hasPaintedMask: boolean,
  canvas: { width: number; height: number },
  outpaintRegion: PathData[] | null,
): SourceProblem | undefined {
  if (task === 'outpaint' && outpaintRegion !== null) return undefined;
  const paths = shapes.flatMap((shape) => shape.paths);
  if (paths.length === 0) return hasPaintedMask ? undefined : { kind: 'no-mask', name };
  const covered = coveredFraction(paths, canvas.width, canvas.height);
  if (covered === 0 && !hasPaintedMask) return { kind: 'empty-mask', name };
  if (task === 'remove' && covered >= 0.999) return { kind: 'mask-covers-all', name };
  return undefined;
}
