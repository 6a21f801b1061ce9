import type { RgbaImage } from '../engine/types.js';
import { cropRgba } from './crop.js';
import { intersectRect, isEmptyRect, unionRect, type Rect } from './rect.js';

/** A rectangle of new pixels to lay over a source image at (x, y): a patch layer. */
export interface Patch {
  x: number;
  y: number;
  image: RgbaImage;
}

export function patchRect(patch: Patch): Rect {
  return { x: patch.x, y: patch.y, width: patch.image.width, height: patch.image.height };
}

/** The smallest rectangle holding every pixel where two same-size images differ in any channel. */
export function changedBounds(before: RgbaImage, after: RgbaImage): Rect | undefined {
  const { width, height } = before;
  let left = Infinity;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      const i = row + x * 4;
      if (before.data[i] !== after.data[i] || before.data[i + 1] !== after.data[i + 1] || before.data[i + 2] !== after.data[i + 2] || before.data[i + 3] !== after.data[i + 3]) {
        if (top < 0) top = y;
        bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  return top < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * The patch of `after` covering every pixel that differs from `before` (both the same size, lying at
 * `origin` in the full image); undefined when nothing changed.
 */
export function patchFromChanges(before: RgbaImage, after: RgbaImage, origin: { x: number; y: number }): Patch | undefined {
  const changed = changedBounds(before, after);
  if (!changed) return undefined;
  return { x: origin.x + changed.x, y: origin.y + changed.y, image: cropRgba(after, changed) };
}

/** Write the patch's pixels into `target` (in place), clipped to the target. */
export function applyPatch(target: RgbaImage, patch: Patch, targetOrigin = { x: 0, y: 0 }): void {
  const area = intersectRect(patchRect(patch), { x: targetOrigin.x, y: targetOrigin.y, width: target.width, height: target.height });
  if (isEmptyRect(area)) return;
  const rowBytes = area.width * 4;
  for (let y = area.y; y < area.y + area.height; y++) {
    const from = ((y - patch.y) * patch.image.width + (area.x - patch.x)) * 4;
    const to = ((y - targetOrigin.y) * target.width + (area.x - targetOrigin.x)) * 4;
    target.data.set(patch.image.data.subarray(from, from + rowBytes), to);
  }
}

/**
 * `rect` of `source` with `patches` laid over it in order (later patches win): what the image looks like
 * there once the patches are applied, without copying the whole source.
 */
export function readThroughPatches(source: RgbaImage, patches: readonly Patch[], rect: Rect): RgbaImage {
  const out = cropRgba(source, rect);
  for (const patch of patches) applyPatch(out, patch, rect);
  return out;
}

/** One patch covering all of `patches` (applied in order over `source`); undefined for none. */
export function mergePatches(source: RgbaImage, patches: readonly Patch[]): Patch | undefined {
  if (patches.length === 0) return undefined;
  const bounds = patches.map(patchRect).reduce(unionRect);
  return { x: bounds.x, y: bounds.y, image: readThroughPatches(source, patches, bounds) };
}
