/// <reference types="@figma/plugin-typings" />
/**
 * What "Outpaint to frame" extends the image to, in this order:
 * 1. an aspect ratio the person gave (the image centred in it), or a margin of whole image pixels added on
 *    every side (`outpaintSides`);
 * 2. the layer's own box, when its FIT image fill leaves empty bands;
 * 3. the nearest frame around the layer, when the frame is larger than the image.
 * The canvas keeps the image's own resolution (one canvas pixel per image pixel).
 */
import { axisScales, compose, invert, scaling, translation } from '../geometry/affine.js';
import { coveredFraction } from '../geometry/coverage.js';
import { absoluteTransformOf } from '../document/node-tree.js';
import type { SourceNode } from './classify-source.js';
import type { CanvasBox, PlannedImage } from './source-plan.js';
import type { Checked } from './source-problem.js';

export type OutpaintTarget = 'frame' | 'fit-bands' | 'ratio' | 'sides';

const FRAME_TYPES: ReadonlySet<string> = new Set(['FRAME', 'COMPONENT', 'INSTANCE']);
/** Less than this share of the canvas outside the image is nothing to outpaint. */
const MIN_REGION = 0.002;

export function outpaintCanvas(
  node: SourceNode,
  image: PlannedImage,
  choice: { aspectRatio?: number | undefined; outpaintSides?: number | undefined },
  fitPaint: boolean,
): Checked<{ canvas: CanvasBox; target: OutpaintTarget; name?: string }> {
  const nothing = (why: 'fills-frame' | 'no-frame' | 'ratio') => ({ ok: false as const, problem: { kind: 'nothing-to-outpaint' as const, name: node.name, why } });
  const { aspectRatio, outpaintSides } = choice;
  if (outpaintSides !== undefined && aspectRatio === undefined) {
    // The margin is in the image's own pixels: the canvas keeps one canvas pixel per image pixel.
    const margin = Math.max(1, Math.round(outpaintSides));
    const pageFromCanvas = compose(image.pageFromImage, translation(-margin, -margin));
    return { ok: true, canvas: { width: image.width + 2 * margin, height: image.height + 2 * margin, pageFromCanvas }, target: 'sides' };
  }
  if (aspectRatio !== undefined) {
    const { width: w, height: h } = image;
    const width = w / h < aspectRatio ? Math.round(h * aspectRatio) : w;
    const height = w / h < aspectRatio ? h : Math.round(w / aspectRatio);
    if (width <= w && height <= h) return nothing('ratio');
    const pageFromCanvas = compose(image.pageFromImage, translation(-(width - w) / 2, -(height - h) / 2));
    return { ok: true, canvas: { width, height, pageFromCanvas }, target: 'ratio' };
  }
  if (fitPaint) {
    const canvas = boxCanvas(absoluteTransformOf(node), node.width, node.height, image);
    if (outsideShare(canvas, image) >= MIN_REGION) return { ok: true, canvas, target: 'fit-bands' };
  }
  const frame = enclosingFrame(node);
  if (frame === null) return nothing('no-frame');
  const canvas = boxCanvas(frame.absoluteTransform as CanvasBox['pageFromCanvas'], frame.width, frame.height, image);
  if (outsideShare(canvas, image) >= MIN_REGION) return { ok: true, canvas, target: 'frame', name: frame.name };
  return nothing('fills-frame');
}

/** A box (page ← box-local, size) as a canvas at the image's resolution. */
function boxCanvas(pageFromBox: CanvasBox['pageFromCanvas'], boxWidth: number, boxHeight: number, image: PlannedImage): CanvasBox {
  const scales = axisScales(image.pageFromImage);
  const pixelsPerUnit = 2 / (scales.x + scales.y);
  const width = Math.max(1, Math.round(boxWidth * pixelsPerUnit));
  const height = Math.max(1, Math.round(boxHeight * pixelsPerUnit));
  return { width, height, pageFromCanvas: compose(pageFromBox, scaling(boxWidth / width, boxHeight / height)) };
}

/** Share of the canvas the image does not cover. */
function outsideShare(canvas: CanvasBox, image: PlannedImage): number {
  const m = compose(invert(canvas.pageFromCanvas), image.pageFromImage);
  const p = (x: number, y: number) => `${m[0][0] * x + m[0][1] * y + m[0][2]} ${m[1][0] * x + m[1][1] * y + m[1][2]}`;
  const quad = `M ${p(0, 0)} L ${p(image.width, 0)} L ${p(image.width, image.height)} L ${p(0, image.height)} Z`;
  return 1 - coveredFraction([{ windingRule: 'NONZERO', data: quad }], canvas.width, canvas.height);
}

function enclosingFrame(node: SceneNode): (FrameNode | ComponentNode | InstanceNode) | null {
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (FRAME_TYPES.has(parent.type)) return parent as FrameNode;
    if (parent.type === 'PAGE' || parent.type === 'DOCUMENT') return null;
  }
  return null;
}
