import type { MaskImage, RgbaImage } from '../../../models/engine/types.js';

/**
 * A mask PNG as the engine's mask (≥ 128 repaints): the first channel, grey or red, seen over black.
 * Opaque masks read as they are drawn (white repaints, black keeps); where a mask is transparent, as
 * strokes exported on an empty layer are, the transparent part keeps whatever colour it stores,
 * because a hidden colour is not something anyone painted.
 */
export function maskFromPng(image: RgbaImage): MaskImage {
  const data = new Uint8Array(image.width * image.height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((image.data[i * 4]! * image.data[i * 4 + 3]!) / 255);
  return { width: image.width, height: image.height, data };
}
