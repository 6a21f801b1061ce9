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
  checkRemoveTask(request.task);
  checkImageAndMask(request);
  checkMaskNotEmpty(request.mask);
  checkVariationsAndSeed(request);
}

/** Instant mode only removes: any other task needs the model, which the person should hear first. */
export function checkRemoveTask(task: InpaintRequest['task']): void {
  if (task === 'remove') return;
  throw new EngineError(
    'unknown-task',
    `Instant mode only removes things; ${JSON.stringify(task)} needs the PowerPaint model. Install a model to insert objects, fill shapes or extend the picture.`,
  );
}
