import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MaskImage, RgbaImage } from '../../../models/engine/types.js';
import { MASK_THRESHOLD } from '../../../models/image/mask-binarize.js';
import { InputError } from '../errors.js';
import { maskFromPng } from '../image/mask-from-png.js';
import { decodePng } from '../image/png-codec.js';

export interface Inputs {
  image: RgbaImage;
  /** Undefined for outpaint to a target, which repaints only the new area. */
  mask: MaskImage | undefined;
}

/**
 * The picture and its mask, checked as a designer would want them checked before a model runs: both
 * readable PNGs, the same size, something masked. Each problem is an InputError naming the file.
 */
export async function readInputs(imagePath: string, maskPath: string | undefined): Promise<Inputs> {
  const image = await readPng(imagePath, 'picture');
  if (maskPath === undefined) return { image, mask: undefined };
  const mask = maskFromPng(await readPng(maskPath, 'mask'));
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new InputError(`the mask ${maskPath} is ${mask.width}x${mask.height} but the picture is ${image.width}x${image.height}; draw the mask at the picture's size.`);
  }
  if (!mask.data.some((v) => v >= MASK_THRESHOLD)) {
    throw new InputError(`the mask ${maskPath} marks nothing to repaint: paint the area white (first channel 128 or more, opaque) on black.`);
  }
  return { image, mask };
}

async function readPng(path: string, what: string): Promise<RgbaImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(missing ? `there is no ${what} ${path}.` : `the ${what} ${path} cannot be read (${(error as Error).message}).`);
  }
  try {
    return decodePng(bytes);
  } catch (error) {
    throw new InputError(`the ${what} ${basename(path)} is not a PNG that can be read (${(error as Error).message}).`);
  }
}
