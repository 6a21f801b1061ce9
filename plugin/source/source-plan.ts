/// <reference types="@figma/plugin-typings" />
/**
 * How a source becomes a job's pixels: where its image comes from (the image fill's own bytes, or an export),
 * the canvas the job works on, and the matrices tying both to the page. Async only for the image's size.
 *
 * - An image layer that shows its whole image (FILL of the same aspect, FIT, a CROP holding all of it) is read
 *   from `getImageByHash`: the image at its own resolution, unrotated; a whole-canvas result then reuses the
 *   layer's paint, so it lines up at any rotation, flip, crop or scale mode.
 * - Anything else (frames, groups, cropped or tiled fills) is exported at its native pixel size: the layer's
 *   render bounds (axis-aligned on the page) at the image's own resolution (1× for frames and groups).
 */
import { axisScales, compose, invert, scaling, splitRigid, tidy, translation, type Matrix } from '../geometry/affine.js';
import { absoluteTransformOf } from '../document/node-tree.js';
import { MAX_IMAGE_SIDE, type PathData, type SourceKind, type Task, type TaskOptions } from '../protocol/messages.js';
import { topImagePaint } from '../selection/image-layer.js';
import { MAX_READ_SIDE } from '../selection/source-problem-text.js';
import type { SourceNode } from './classify-source.js';
import { imageUnitsPerPixel, localFromImage, showsWholeImage } from './image-fill-placement.js';
import { outpaintCanvas, type OutpaintTarget } from './outpaint-canvas.js';
import { visibilityNotices } from './visibility-notices.js';
import type { Checked } from './source-problem.js';

export interface CanvasBox {
  width: number;
  height: number;
  /** Page ← canvas pixels. */
  pageFromCanvas: Matrix;
}

export interface SourcePlan {
  sourceId: string;
  name: string;
  kind: SourceKind;
  /** An export's `region`: the render bounds it is planned to cover, on the page (plugin/README.md). */
  read: { from: 'fill'; imageHash: string } | { from: 'export'; scale: number; region: Rect };
  imageWidth: number;
  imageHeight: number;
  /** Page ← image pixels. */
  pageFromImage: Matrix;
  /** The canvas without outpaint: the source's own pixels. */
  base: CanvasBox;
  /** The canvas the task works on (= base, or the outpaint canvas). */
  canvas: CanvasBox;
  /** The source's image paint, when a whole-canvas result may reuse it (same crop, scale mode, transform). */
  reusablePaint: ImagePaint | null;
  /** The image paint whose bytes are read (read.from 'fill'): results look like it with its filters and opacity. */
  fillPaint: ImagePaint | null;
  outpaint: { target: OutpaintTarget; name?: string; region: PathData[] } | null;
  notices: string[];
}

/** Reads only sizes and transforms: no pixels. `exportedSize` corrects the plan once an export's real size is known. */
export async function planSourceAsync(
  node: SourceNode,
  kind: SourceKind,
  task: Task,
  options: TaskOptions,
  exportedSize?: { width: number; height: number },
): Promise<Checked<{ plan: SourcePlan }>> {
  const notices = visibilityNotices(node);
  const read = await readPlanAsync(node, kind, notices, exportedSize);
  if (!read.ok) return read;
  const { image } = read;
  const base: CanvasBox = { width: image.width, height: image.height, pageFromCanvas: image.pageFromImage };
  let canvas = base;
  let outpaint: SourcePlan['outpaint'] = null;
  if (task === 'outpaint') {
    const extended = outpaintCanvas(node, image, options, image.fitPaint);
    if (!extended.ok) return extended;
    const capped = capCanvas(extended.canvas, node.name, notices);
    canvas = capped;
    const quad = imageQuad(compose(invert(capped.pageFromCanvas), image.pageFromImage), image.width, image.height);
    outpaint = {
      target: extended.target,
      ...(extended.name === undefined ? {} : { name: extended.name }),
      region: [{ windingRule: 'EVENODD', data: `M 0 0 L ${capped.width} 0 L ${capped.width} ${capped.height} L 0 ${capped.height} Z ${quad}` }],
    };
  }
  return {
    ok: true,
    plan: {
      sourceId: node.id,
      name: node.name,
      kind,
      read: image.read,
      imageWidth: image.width,
      imageHeight: image.height,
      pageFromImage: image.pageFromImage,
      base,
      canvas,
      reusablePaint: task === 'outpaint' ? null : image.paint,
      fillPaint: image.paint,
      outpaint,
      notices,
    },
  };
}

/** Image pixels -> canvas pixels, as the job message carries it. */
export function canvasFromImage(plan: SourcePlan): Matrix {
  return tidy(compose(invert(plan.canvas.pageFromCanvas), plan.pageFromImage));
}

export interface PlannedImage {
  read: SourcePlan['read'];
  width: number;
  height: number;
  pageFromImage: Matrix;
  /** The layer's image paint when read from the fill (opaque: see opaqueResultPaint). */
  paint: ImagePaint | null;
  /** The FIT paint's box, when the fill is FIT (outpaint can fill its empty bands). */
  fitPaint: boolean;
}

async function readPlanAsync(
  node: SourceNode,
  kind: SourceKind,
  notices: string[],
  exportedSize: { width: number; height: number } | undefined,
): Promise<Checked<{ image: PlannedImage }>> {
  const absolute = absoluteTransformOf(node);
  let nativeScale = 1;
  if (kind === 'image') {
    const paint = topImagePaint(node as SourceNode & MinimalFillsMixin);
    const image = paint === undefined ? null : figma.getImageByHash(paint.imageHash);
    if (paint === undefined || image === null) return { ok: false, problem: { kind: 'no-image-data', name: node.name } };
    const size = await image.getSizeAsync();
    if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
      return { ok: false, problem: { kind: 'too-large', name: node.name, width: size.width, height: size.height } };
    }
    const local = localFromImage(paint, node.width, node.height, size.width, size.height);
    if (local === null) {
      // TILE, or a turned FILL/FIT: exported as Figma draws it, at the image's own resolution.
      nativeScale = 1 / imageUnitsPerPixel(paint, node.width, node.height, size.width, size.height);
    } else {
      const pageFromImage = compose(absolute, local);
      if (showsWholeImage(local, node.width, node.height, size.width, size.height) && splitRigid(pageFromImage) !== null) {
        return {
          ok: true,
          image: {
            read: { from: 'fill', imageHash: paint.imageHash },
            width: size.width,
            height: size.height,
            pageFromImage,
            paint: opaqueResultPaint(paint, node.name, notices),
            fitPaint: paint.scaleMode === 'FIT',
          },
        };
      }
      const scales = axisScales(pageFromImage);
      nativeScale = 2 / (scales.x + scales.y);
    }
  }
  return exportPlan(node, nativeScale, notices, exportedSize);
}

/** An export of the layer's render bounds at `nativeScale`, made smaller when it would pass 4096 px. */
function exportPlan(
  node: SourceNode,
  nativeScale: number,
  notices: string[],
  exportedSize: { width: number; height: number } | undefined,
): Checked<{ image: PlannedImage }> {
  // An export is assumed to cover the render bounds; Figma gives none for a hidden layer, and its bounding box
  // would be a guess at where the pixels belong.
  const bounds = node.absoluteRenderBounds;
  if (bounds === null) return { ok: false, problem: { kind: 'hidden', name: node.name } };
  if (!(bounds.width >= 1 && bounds.height >= 1)) return { ok: false, problem: { kind: 'zero-size', name: node.name } };
  const fullWidth = bounds.width * nativeScale;
  const fullHeight = bounds.height * nativeScale;
  if (Math.max(fullWidth, fullHeight) > MAX_READ_SIDE) {
    return { ok: false, problem: { kind: 'too-large', name: node.name, width: fullWidth, height: fullHeight } };
  }
  let scale = nativeScale;
  const largest = Math.max(Math.round(fullWidth), Math.round(fullHeight));
  if (largest > MAX_IMAGE_SIDE) scale = (nativeScale * MAX_IMAGE_SIDE) / largest;
  const width = exportedSize?.width ?? Math.max(1, Math.round(bounds.width * scale));
  const height = exportedSize?.height ?? Math.max(1, Math.round(bounds.height * scale));
  if (scale < nativeScale) {
    notices.push(`“${node.name}” is read at ${width} × ${height} px, ${Math.round((scale / nativeScale) * 100)}% of its full size: Figma images stop at ${MAX_IMAGE_SIDE} px per side.`);
  }
  return {
    ok: true,
    image: {
      read: { from: 'export', scale, region: { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } },
      width,
      height,
      pageFromImage: compose(translation(bounds.x, bounds.y), scaling(bounds.width / width, bounds.height / height)),
      paint: null,
      fitPaint: false,
    },
  };
}

/**
 * The paint results take after the source's. Results lie over the source, so a see-through result would let
 * what it replaces show through: a fill that is not fully opaque gives opaque results, and the person is told.
 */
function opaqueResultPaint(paint: ImagePaint, name: string, notices: string[]): ImagePaint {
  const opacity = paint.opacity ?? 1;
  if (opacity >= 1) return paint;
  notices.push(`“${name}”’s image is ${Math.round(opacity * 100)}% opaque; its results are placed fully opaque, so what they replace doesn’t show through them.`);
  return { ...paint, opacity: 1 };
}

/** A canvas wider or higher than 4096 px is worked on smaller, with a notice. */
function capCanvas(canvas: CanvasBox, name: string, notices: string[]): CanvasBox {
  const largest = Math.max(canvas.width, canvas.height);
  if (largest <= MAX_IMAGE_SIDE) return canvas;
  const factor = MAX_IMAGE_SIDE / largest;
  const width = Math.max(1, Math.round(canvas.width * factor));
  const height = Math.max(1, Math.round(canvas.height * factor));
  notices.push(`“${name}” is outpainted at ${width} × ${height} px, ${Math.round(factor * 100)}% of full size: Figma images stop at ${MAX_IMAGE_SIDE} px per side.`);
  return { width, height, pageFromCanvas: compose(canvas.pageFromCanvas, scaling(canvas.width / width, canvas.height / height)) };
}

/** The image's outline in canvas pixels, as a closed path. */
function imageQuad(canvasFromImageMatrix: Matrix, width: number, height: number): string {
  const m = tidy(canvasFromImageMatrix);
  const corner = (x: number, y: number) => {
    const px = m[0][0] * x + m[0][1] * y + m[0][2];
    const py = m[1][0] * x + m[1][1] * y + m[1][2];
    return `${Math.round(px * 1000) / 1000} ${Math.round(py * 1000) / 1000}`;
  };
  return `M ${corner(0, 0)} L ${corner(width, 0)} L ${corner(width, height)} L ${corner(0, height)} Z`;
}
