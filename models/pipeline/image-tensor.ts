import type { RgbaImage } from '../engine/types.js';

/** RGBA bytes -> planar [3, H, W] float in [-1, 1], as diffusers' image processor normalizes. */
export function imageToTensor(image: RgbaImage): Float32Array {
  const plane = image.width * image.height;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) tensor[c * plane + i] = (image.data[i * 4 + c]! / 255) * 2 - 1;
  }
  return tensor;
}

/**
 * Planar [3, H, W] in [-1, 1] -> RGBA bytes, rounding like diffusers' `(x / 2 + 0.5).clamp(0, 1) * 255`
 * followed by numpy's round. Alpha is taken from `alphaSource` so transparency survives.
 */
export function tensorToImage(tensor: Float32Array, width: number, height: number, alphaSource: RgbaImage): RgbaImage {
  const plane = width * height;
  const data = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const unit = Math.min(1, Math.max(0, tensor[c * plane + i]! / 2 + 0.5));
      data[i * 4 + c] = roundHalfEven(unit * 255);
    }
    data[i * 4 + 3] = alphaSource.data[i * 4 + 3]!;
  }
  return { width, height, data };
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
