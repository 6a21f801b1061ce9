/// <reference types="@figma/plugin-typings" />
/**
 * Places a job's result images as new layers in the source's parent, on top of that source's earlier results
 * there (directly above the source when it has none), and hides the mask layers used; all in one undo step.
 * The newest result is therefore the one seen, and it is selected; no other layer moves. A whole-canvas result from an image fill reuses the source's size,
 * transform and paint (scale mode, crop), so it covers the source exactly at any rotation or flip; any other
 * image (a patch, an outpaint canvas, an exported source) is a FILL rectangle exactly over its region. A patch
 * over an ellipse, a rounded or a stroked source is refused: it would show square corners or cover the stroke
 * (./patch-outline.ts; such jobs ask the window for whole results).
 * Inside auto-layout (a frame's, a component's) the new layer is positioned absolutely; a source inside an
 * instance gets its results beside the outermost instance (./result-placement.ts). If Figma refuses any step,
 * the layers made so far are removed again. The source is never touched.
 */
import { compose, splitRigid, tidy, translation, type Matrix } from '../geometry/affine.js';
import { pageOf } from '../document/node-tree.js';
import type { ResultImage, Task, TaskOptions } from '../protocol/messages.js';
import { TASK_LABELS } from '../protocol/task-labels.js';
import type { SourceNode } from '../source/classify-source.js';
import type { SourcePlan } from '../source/source-plan.js';
import { hideUsedMaskShape } from '../mask/used-up-mark.js';
import { readResultData, writeResultData } from './result-data.js';
import { resultLayerName } from './result-layer-name.js';
import { patchOutlineProblem, patchOutlineRefusal } from './patch-outline.js';
import { createResultLayer, patchPaint, resultPlacement } from './result-placement.js';

export interface PlacedJob {
  task: Task;
  options: TaskOptions;
  plan: SourcePlan;
  /** Mask layers the job used: hidden (not deleted) once the result is placed. */
  maskLayers: readonly SceneNode[];
}

/** Throws (having changed nothing) when an image does not fit the canvas or Figma refuses it. */
export function placeResultLayers(source: SourceNode, job: PlacedJob, images: readonly ResultImage[]): (RectangleNode | EllipseNode)[] {
  const placement = resultPlacement(source);
  if (placement === null) throw new Error(`“${source.name}” is no longer in the document.`);
  const { parent, anchor, containerFromPage, inAutoLayout } = placement;
  const { canvas } = job.plan;
  for (const image of images) {
    if (image.x + image.width > canvas.width || image.y + image.height > canvas.height) {
      throw new Error(
        `A result of ${image.width} × ${image.height} px at (${image.x}, ${image.y}) does not fit “${source.name}” (${canvas.width} × ${canvas.height} px).`,
      );
    }
  }
  const outline = patchOutlineProblem(source, job.plan);
  const isWhole = (image: ResultImage) => image.x === 0 && image.y === 0 && image.width === canvas.width && image.height === canvas.height;
  if (outline !== null && !images.every(isWhole)) throw new Error(patchOutlineRefusal(source.name, outline));
  const paint = job.plan.reusablePaint;
  const placements = images.map((image) => {
    const whole = isWhole(image);
    if (whole && paint !== null) return { image, isWhole: whole, box: null };
    const box = splitRigid(compose(canvas.pageFromCanvas, translation(image.x, image.y)));
    if (box === null) throw new Error(`“${source.name}” is skewed; PowerPaint can only place results on unskewed layers.`);
    return { image, isWhole: whole, box };
  });
  // Every image before any layer: if Figma refuses one, nothing has been added yet.
  const hashes = images.map((image) => figma.createImage(image.png).hash);
  const above = resultStackTop(parent.children, anchor, source.id) + 1;

  const layers: (RectangleNode | EllipseNode)[] = [];
  try {
    placements.forEach(({ image, isWhole, box }, i) => {
      const hash = hashes[i]!;
      const layer = createResultLayer(source, box === null);
      layers.push(layer);
      layer.name = resultLayerName(job.task, image.seed, !isWhole);
      parent.insertChild(above + i, layer);
      if (inAutoLayout) layer.layoutPositioning = 'ABSOLUTE';
      if (box === null) {
        layer.resize(source.width, source.height);
        layer.fills = [{ ...(paint as ImagePaint), imageHash: hash }];
        // After insertChild: relativeTransform is relative to the container parent of the new layer.
        layer.relativeTransform = tidy(compose(containerFromPage, source.absoluteTransform as Matrix));
      } else {
        layer.resize(layerSide(image.width * box.scaleX), layerSide(image.height * box.scaleY));
        layer.fills = [patchPaint(hash, job.plan.fillPaint)];
        layer.relativeTransform = tidy(compose(containerFromPage, box.rigid));
      }
      const seed = image.seed ?? job.options.seed;
      writeResultData(
        layer,
        {
          version: 1,
          task: job.task,
          options: { ...job.options, ...(seed === undefined ? {} : { seed }) },
          sourceId: source.id,
          sourceName: source.name,
          variation: image.variation,
          region: { x: image.x, y: image.y, width: image.width, height: image.height },
          canvas: { width: canvas.width, height: canvas.height },
        },
        TASK_LABELS[job.task],
      );
    });
  } catch (error) {
    // Figma refused a step: take back the layers made so far, so a failed placement leaves nothing behind.
    for (const layer of layers) if (!layer.removed) layer.remove();
    throw error;
  }
  for (const mask of job.maskLayers) hideUsedMaskShape(mask);
  pageOf(source).selection = layers;
  // No commitUndo here: the run commits once when it ends (plugin/run/batch.ts), so a batch is one undo step.
  return layers;
}

/**
 * The index in `siblings` to place new results above: the topmost earlier result of source `sourceId` in this
 * parent, wherever the designer moved it, counting results made from its results ("Remove" run on a result
 * layer): they all show that source's picture. Without any, the anchor (the source, or the instance holding it).
 * Results of other sources in between stay where they are; results moved below the anchor don't pull new ones under it.
 */
export function resultStackTop(siblings: readonly SceneNode[], anchor: SceneNode, sourceId: string): number {
  const stack = new Set([anchor.id, sourceId]);
  let top = siblings.indexOf(anchor);
  const made = siblings.map((sibling) => readResultData(sibling)?.sourceId);
  // Until nothing is added: a result of a result may lie below the result it was made from.
  for (let grew = true; grew; ) {
    grew = false;
    made.forEach((from, index) => {
      const id = siblings[index]!.id;
      if (from === undefined || stack.has(id) || !stack.has(from)) return;
      stack.add(id);
      grew = true;
    });
  }
  siblings.forEach((sibling, index) => {
    if (index > top && stack.has(sibling.id)) top = index;
  });
  return top;
}

/** A side length without float noise (a millionth of a unit), at least Figma's 0.01. */
function layerSide(length: number): number {
  return Math.max(0.01, Math.round(length * 1e6) / 1e6);
}
