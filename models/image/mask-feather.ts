import type { MaskImage } from '../engine/types.js';
import { distanceToMask } from './distance-transform.js';
import { invertMask } from './mask-invert.js';

export interface FeatherOptions {
  /** How far the mask reaches beyond its edge, in pixels, before it fades out completely. */
  grow: number;
  /** Width of the fade, in pixels; the fade ends `grow` pixels outside the edge. */
  feather: number;
}

/**
 * A soft mask (0-255) from a binary one: 255 up to `grow - feather` pixels outside the edge, a smooth
 * (smoothstep) fade to 0 at `grow` pixels, 0 beyond. Pixels more than `grow` away are always 0, so
 * whatever this mask blends leaves them untouched. With feather > grow the fade starts inside the mask.
 * `outside` (distance to the mask) can be passed when already computed.
 */
export function featherMask(mask: MaskImage, options: FeatherOptions, outside = distanceToMask(mask)): MaskImage {
  const { grow, feather } = options;
  const inside = feather > grow ? distanceToMask(invertMask(mask)) : undefined;
  const data = new Uint8Array(outside.length);
  for (let i = 0; i < data.length; i++) {
    // Signed distance from the edge: outside pixels 1, 2, ...; the mask's own edge pixels 0, then -1, ...
    const d = outside[i]! > 0 ? outside[i]! : inside ? 1 - inside[i]! : 0;
    data[i] = featherWeight(d, grow, feather);
  }
  return { width: mask.width, height: mask.height, data };
}

/** 255 · smoothstep((grow - d) / feather), 0 beyond `grow`. */
export function featherWeight(d: number, grow: number, feather: number): number {
  if (d > grow) return 0;
  if (feather <= 0) return 255;
  const t = Math.min(1, (grow - d) / feather);
  return Math.round(255 * t * t * (3 - 2 * t));
}
