import type { MaskImage } from '../../models/engine/types.js';

/** An empty (nothing to repaint) mask at the source's resolution. */
export function emptyMask(width: number, height: number): MaskImage {
  return { width, height, data: new Uint8Array(width * height) };
}

export function copyMask(mask: MaskImage): MaskImage {
  return { width: mask.width, height: mask.height, data: new Uint8Array(mask.data) };
}

/** How many pixels will be repainted (>= 128). */
export function maskedPixelCount(mask: MaskImage): number {
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! >= 128) count++;
  return count;
}

export function isMaskEmpty(mask: MaskImage): boolean {
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! >= 128) return false;
  return true;
}

/** Pixels set in either mask (for adding Figma shapes to what was painted). */
export function unionMasks(a: MaskImage, b: MaskImage): MaskImage {
  const data = new Uint8Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(a.data[i]!, b.data[i] ?? 0) >= 128 ? 255 : 0;
  return { width: a.width, height: a.height, data };
}
