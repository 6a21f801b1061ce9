import type { MaskImage } from '../../models/engine/types.js';
import type { MaskLayer } from '../../plugin/protocol/messages.js';

/** One Figma mask shape filled at canvas resolution, kept as the crop around it (shapes are often small). */
export interface ShapeCrop {
  layer: MaskLayer;
  x: number;
  y: number;
  mask: MaskImage;
  /** Pixels the shape fills. */
  pixels: number;
}

/** The crop of a filled mask around its pixels; null when it fills none. */
export function cropAround(layer: MaskLayer, filled: MaskImage): ShapeCrop | null {
  const { width, height, data } = filled;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! < 128) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return null;
  const cropWidth = right - left + 1;
  const cropHeight = bottom - top + 1;
  const crop = new Uint8Array(cropWidth * cropHeight);
  let pixels = 0;
  for (let y = 0; y < cropHeight; y++) {
    for (let x = 0; x < cropWidth; x++) {
      const on = data[(top + y) * width + left + x]! >= 128;
      crop[y * cropWidth + x] = on ? 255 : 0;
      if (on) pixels++;
    }
  }
  return { layer, x: left, y: top, mask: { width: cropWidth, height: cropHeight, data: crop }, pixels };
}

/**
 * Which Figma shapes the window's mask still holds: a shape is held while at least half of its pixels are
 * painted (the person may have cleared or erased the rest; a shape painted over again counts as used).
 */
export function heldMaskShapes(mask: MaskImage, shapes: readonly ShapeCrop[]): { held: MaskLayer[]; dropped: MaskLayer[] } {
  const held: MaskLayer[] = [];
  const dropped: MaskLayer[] = [];
  for (const shape of shapes) {
    let painted = 0;
    for (let y = 0; y < shape.mask.height; y++) {
      const row = (shape.y + y) * mask.width + shape.x;
      for (let x = 0; x < shape.mask.width; x++) {
        if (shape.mask.data[y * shape.mask.width + x]! >= 128 && mask.data[row + x]! >= 128) painted++;
      }
    }
    (painted * 2 >= shape.pixels ? held : dropped).push(shape.layer);
  }
  return { held, dropped };
}
