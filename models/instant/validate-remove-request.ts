import { EngineError } from '../engine/errors.js';
import type { InpaintRequest } from '../engine/types.js';
import { checkImageAndMask, checkMaskNotEmpty, checkVariationsAndSeed } from '../engine/validate-request.js';

/**
 * The checks of `validateRequest` that mean something without a model: the task (instant mode only
 * removes), image and mask shapes, an empty mask, variations and seed. No size multiple and no size
 * cap: patch copying works at any size. Prompt, steps, guidance and scheduler are model options,
 * ignored here (the engine says so in a warning).
 */
export function validateRemoveRequest(request: InpaintRequest): void {
  if (request.task !== 'remove') {
    throw new EngineError(
      'unknown-task',
      `Instant mode only removes things; ${JSON.stringify(request.task)} needs the PowerPaint model. Install a model to insert objects, fill shapes or extend the picture.`,
    );
  }
  checkImageAndMask(request);
  checkMaskNotEmpty(request.mask);
  checkVariationsAndSeed(request);
}
