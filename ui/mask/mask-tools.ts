import type { MaskImage } from '../../models/engine/types.js';
import { growMask, shrinkMask } from '../../models/image/mask-grow.js';
import { invertMask } from '../../models/image/mask-invert.js';
import { emptyMask } from './mask-image.js';

/** The mask toolbar's whole-mask operations, each returning a new mask (pixel work from models/image). */
export type MaskTool = 'clear' | 'invert' | 'grow' | 'shrink';

/** Grow and shrink move the edge by this share of the source's shorter side (at least 2 px). */
export function growStep(mask: MaskImage): number {
  return Math.max(2, Math.round(Math.min(mask.width, mask.height) * 0.02));
}

export function applyMaskTool(mask: MaskImage, tool: MaskTool): MaskImage {
  switch (tool) {
    case 'clear':
      return emptyMask(mask.width, mask.height);
    case 'invert':
      return invertMask(mask);
    case 'grow':
      return growMask(mask, growStep(mask));
    case 'shrink':
      return shrinkMask(mask, growStep(mask));
  }
}
