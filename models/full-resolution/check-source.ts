import { EngineError } from '../engine/errors.js';
import type { RgbaImage } from '../engine/types.js';
import { MAX_SOURCE_SIDE } from './types.js';

/** Any size from 1 px to MAX_SOURCE_SIDE a side, with exactly width·height·4 bytes. */
export function checkSource(image: RgbaImage, what = 'image'): void {
  if (!(Number.isInteger(image.width) && Number.isInteger(image.height) && image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) {
    throw new EngineError('bad-input', `The ${what} is ${image.width}x${image.height} with ${image.data.length} bytes; it needs width·height·4 RGBA bytes.`);
  }
  checkSourceSize(image.width, image.height, what);
}

export function checkSourceSize(width: number, height: number, what: string): void {
  if (width > MAX_SOURCE_SIDE || height > MAX_SOURCE_SIDE) {
    throw new EngineError('unsupported-size', `The ${what} is ${width}x${height}; at most ${MAX_SOURCE_SIDE} px a side can be processed. Scale it down first.`);
  }
}
