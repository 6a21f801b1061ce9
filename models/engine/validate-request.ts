import type { BundleManifest } from '../bundle/manifest.js';
import { SCHEDULER_NAMES } from '../schedulers/index.js';
import { unknownTask } from '../text/task-prompts.js';
import { EngineError } from './errors.js';
import { TASKS, type InpaintRequest, type MaskImage } from './types.js';

export const MAX_VARIATIONS = 8;

/** Every way a request can be wrong, caught before any model runs, each with what to do instead. */
export function validateRequest(request: InpaintRequest, manifest: BundleManifest): void {
  if (!TASKS.includes(request.task)) throw unknownTask(request.task);
  checkImageAndMask(request);
  checkSize(request.image.width, request.image.height, manifest);
  checkMaskNotEmpty(request.mask);
  if (request.steps !== undefined && !(Number.isInteger(request.steps) && request.steps >= 1 && request.steps <= 1000)) {
    bad(`Steps must be a whole number from 1 to 1000, not ${request.steps}.`);
  }
  if (request.guidance !== undefined && !(Number.isFinite(request.guidance) && request.guidance >= 0 && request.guidance <= 50)) {
    bad(`Guidance must be between 0 and 50, not ${request.guidance}.`);
  }
  if (request.fittingDegree !== undefined && !(request.fittingDegree >= 0 && request.fittingDegree <= 1)) {
    bad(`The fitting degree must be between 0 and 1, not ${request.fittingDegree}.`);
  }
  checkVariationsAndSeed(request);
  if (request.scheduler !== undefined && !SCHEDULER_NAMES.includes(request.scheduler)) {
    bad(`Unknown scheduler "${request.scheduler}"; choose one of: ${SCHEDULER_NAMES.join(', ')}.`);
  }
  if (request.initialLatents) checkInitialLatents(request, manifest, request.variations ?? 1);
}

/** Image and mask are well-formed and the same size. */
export function checkImageAndMask({ image, mask }: Pick<InpaintRequest, 'image' | 'mask'>): void {
  if (!(image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) {
    bad(`The image is ${image.width}x${image.height} with ${image.data.length} bytes; it needs width·height·4 RGBA bytes.`);
  }
  if (mask.width !== image.width || mask.height !== image.height) {
    bad(`The mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; draw the mask on the same image size.`);
  }
  if (mask.data.length !== mask.width * mask.height) bad(`The mask needs one byte per pixel (${mask.width * mask.height}), not ${mask.data.length}.`);
}

export function checkMaskNotEmpty(mask: MaskImage): void {
  if (!mask.data.some((v) => v >= 128)) {
    throw new EngineError('empty-mask', 'The mask is empty: paint over the area to change, then run again.');
  }
}

export function checkVariationsAndSeed({ variations = 1, seed }: Pick<InpaintRequest, 'variations' | 'seed'>): void {
  if (!(Number.isInteger(variations) && variations >= 1 && variations <= MAX_VARIATIONS)) {
    bad(`Variations must be a whole number from 1 to ${MAX_VARIATIONS}, not ${variations}.`);
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    bad(`The seed must be a whole number from 0 to 4294967295, not ${seed}.`);
  }
}

function checkSize(width: number, height: number, manifest: BundleManifest): void {
  const multiple = manifest.sizeMultiple;
  const maxSide = manifest.sampleSize * manifest.vaeScaleFactor * 4;
  if (width % multiple !== 0 || height % multiple !== 0) {
    const fit = (n: number) => Math.max(multiple, Math.round(n / multiple) * multiple);
    throw new EngineError(
      'unsupported-size',
      `This model works on sizes that are multiples of ${multiple} px; ${width}x${height} is not. Use ${fit(width)}x${fit(height)}.`,
    );
  }
  if (width > maxSide || height > maxSide) {
    throw new EngineError(
      'unsupported-size',
      `${width}x${height} is larger than this model can run at once (${maxSide} px a side); run it on a window around the mask instead.`,
    );
  }
}

function checkInitialLatents(request: InpaintRequest, manifest: BundleManifest, variations: number): void {
  const latents = request.initialLatents!;
  const size = (manifest.latentChannels * request.image.width * request.image.height) / manifest.vaeScaleFactor ** 2;
  if (latents.length !== variations || latents.some((l) => l.length !== size)) {
    bad(`initialLatents needs ${variations} array(s) of ${size} floats (one [1, ${manifest.latentChannels}, h, w] latent per variation).`);
  }
}

function bad(message: string): never {
  throw new EngineError('bad-input', message);
}
