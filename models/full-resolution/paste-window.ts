import type { MaskImage, RgbaImage } from '../engine/types.js';
import { blendThroughMask } from '../image/blend.js';
import { applyColorCorrection, matchRingColors, type ColorCorrection } from '../image/color-match.js';
import { distanceToMask } from '../image/distance-transform.js';
import { featherMask } from '../image/mask-feather.js';
import { resizeRgba } from '../image/resize-rgba.js';

export interface WindowMasks {
  /** What the model repaints: the mask grown by `grow` (binary). */
  engineMask: MaskImage;
  /** How much of the result shows: 255 on the mask, fading to 0 at `grow`; 0 beyond. */
  alpha: MaskImage;
  /** The band just outside the grown area, for colour statistics. */
  ring: MaskImage;
}

/** The three masks of one window, from the part of the mask it repaints (window-sized). */
export function windowMasks(focus: MaskImage, grow: number, feather: number, ring: number): WindowMasks {
  const distance = distanceToMask(focus);
  const size = focus.width * focus.height;
  const engine = new Uint8Array(size);
  const band = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const d = distance[i]!;
    if (d <= grow) engine[i] = 255;
    else if (d <= grow + ring) band[i] = 255;
  }
  const { width, height } = focus;
  return {
    engineMask: { width, height, data: engine },
    alpha: featherMask(focus, { grow, feather: Math.min(feather, grow) }, distance),
    ring: { width, height, data: band },
  };
}

/**
 * Put a model result (any size) back over `base` (the window as it is now): scale it to the window with
 * Lanczos-3, correct its colours to match the ring, blend it through the feathered alpha. Returns a new
 * image; pixels where alpha is 0 are `base`'s bytes exactly.
 */
export function pasteWindowResult(base: RgbaImage, result: RgbaImage, masks: WindowMasks, colorMatch: boolean): { image: RgbaImage; correction: ColorCorrection | undefined } {
  const back = resizeRgba(result, base.width, base.height);
  let correction: ColorCorrection | undefined;
  if (colorMatch) {
    correction = matchRingColors(back, base, masks.ring);
    applyColorCorrection(back, correction, masks.alpha);
  }
  const image = { width: base.width, height: base.height, data: new Uint8ClampedArray(base.data) };
  blendThroughMask(image, back, masks.alpha);
  return { image, correction };
}
