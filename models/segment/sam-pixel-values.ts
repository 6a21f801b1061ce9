import type { RgbaImage } from '../engine/types.js';
import { resizeBilinearPil } from '../image/resize-bilinear-pil.js';
import { scaledSize, type SamPreprocessing } from './sam-preprocessor-config.js';

export interface SamPixelValues {
  /** [1, 3, padHeight, padWidth], channel-major, zero beyond the scaled picture. */
  data: Float32Array;
  /** The picture's size after scaling (transformers' `reshaped_input_sizes`), before padding. */
  scaled: { width: number; height: number };
}

/** SamImageProcessor on a picture: longest side to the model's, rescale, normalize, pad right and bottom. */
export function samPixelValues(image: RgbaImage, config: SamPreprocessing): SamPixelValues {
  const size = scaledSize(image.width, image.height, config.longestEdge);
  const scaled = resizeBilinearPil(image, size.width, size.height);
  const plane = config.padHeight * config.padWidth;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    // Rescale then normalize, in float32 as transformers' numpy arrays are.
    const scale = Math.fround(config.rescaleFactor);
    const mean = Math.fround(config.mean[c]!);
    const std = Math.fround(config.std[c]!);
    for (let y = 0; y < size.height; y++) {
      const outRow = c * plane + y * config.padWidth;
      const inRow = y * size.width * 4 + c;
      for (let x = 0; x < size.width; x++) {
        data[outRow + x] = (Math.fround(scaled.data[inRow + x * 4]! * scale) - mean) / std;
      }
    }
  }
  return { data, scaled: size };
}
