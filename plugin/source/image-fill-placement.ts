/// <reference types="@figma/plugin-typings" />
/**
 * Where an image paint's pixels land in its layer's w×h box, per scale mode, as a matrix from image pixels to
 * layer-local units: FILL covers the box (centred, cropped), FIT fits inside it (centred, empty bands), CROP
 * maps the box's unit square through `imageTransform` into the image's unit square. TILE repeats: null.
 *
 * A FILL or FIT turned by the paint's `rotation` (90° steps) is null too: the docs don't say which way a
 * positive rotation turns the image, so such a layer is exported as Figma draws it (plugin/README.md).
 */
import { apply, compose, invert, scaling, type Matrix } from '../geometry/affine.js';

export function localFromImage(paint: ImagePaint, width: number, height: number, imageWidth: number, imageHeight: number): Matrix | null {
  if (isTurned(paint)) return null;
  switch (paint.scaleMode) {
    case 'FILL':
    case 'FIT': {
      const k = paint.scaleMode === 'FILL' ? Math.max(width / imageWidth, height / imageHeight) : Math.min(width / imageWidth, height / imageHeight);
      return [
        [k, 0, (width - imageWidth * k) / 2],
        [0, k, (height - imageHeight * k) / 2],
      ];
    }
    case 'CROP': {
      const unitFromImageUnit = invert((paint.imageTransform as Matrix | undefined) ?? scaling(1));
      return compose(scaling(width, height), unitFromImageUnit, scaling(1 / imageWidth, 1 / imageHeight));
    }
    case 'TILE':
      return null;
  }
}

/** True when the whole image lies inside the box (to half a unit): the layer shows all of it. */
export function showsWholeImage(local: Matrix, width: number, height: number, imageWidth: number, imageHeight: number): boolean {
  const corners = [apply(local, 0, 0), apply(local, imageWidth, 0), apply(local, 0, imageHeight), apply(local, imageWidth, imageHeight)];
  const slack = 0.5;
  return corners.every((p) => p.x >= -slack && p.y >= -slack && p.x <= width + slack && p.y <= height + slack);
}

/** FILL, FIT and TILE turn the image by `rotation`; CROP has its turn in imageTransform. */
function isTurned(paint: ImagePaint): boolean {
  return paint.scaleMode !== 'CROP' && (paint.rotation ?? 0) % 360 !== 0;
}

/**
 * Layer units per image pixel of a TILE or turned FILL/FIT paint (whichever way it turns: a quarter turn swaps
 * the image's sides), so its export can be read at the image's own resolution.
 */
export function imageUnitsPerPixel(paint: ImagePaint, width: number, height: number, imageWidth: number, imageHeight: number): number {
  if (paint.scaleMode === 'TILE' || paint.scaleMode === 'CROP') return paint.scalingFactor ?? 0.5;
  const quarter = Math.abs(Math.round((paint.rotation ?? 0) / 90)) % 2 === 1;
  const [w, h] = quarter ? [imageHeight, imageWidth] : [imageWidth, imageHeight];
  return paint.scaleMode === 'FILL' ? Math.max(width / w, height / h) : Math.min(width / w, height / h);
}
