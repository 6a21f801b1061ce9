import type { MaskImage } from '../engine/types.js';

/** 1 where pixels are repainted, 0 where kept (diffusers binarizes at 0.5). */
export function binarizeMask(mask: MaskImage): Float32Array {
  const binary = new Float32Array(mask.width * mask.height);
  for (let i = 0; i < binary.length; i++) binary[i] = mask.data[i]! >= 128 ? 1 : 0;
  return binary;
}

/** The image with the repainted area zeroed (mid-grey in [-1, 1]): `image * (mask < 0.5)`. */
export function maskImageTensor(imageTensor: Float32Array, binaryMask: Float32Array): Float32Array {
  const plane = binaryMask.length;
  const masked = new Float32Array(imageTensor.length);
  for (let i = 0; i < masked.length; i++) masked[i] = binaryMask[i % plane]! < 0.5 ? imageTensor[i]! : 0;
  return masked;
}

/** Nearest-neighbour downsample to latent size, as torch's `interpolate(mode='nearest')` picks pixels. */
export function maskToLatentSize(binaryMask: Float32Array, width: number, height: number, latentWidth: number, latentHeight: number): Float32Array {
  const latent = new Float32Array(latentWidth * latentHeight);
  for (let y = 0; y < latentHeight; y++) {
    const sy = Math.min(height - 1, Math.floor((y * height) / latentHeight));
    for (let x = 0; x < latentWidth; x++) {
      const sx = Math.min(width - 1, Math.floor((x * width) / latentWidth));
      latent[y * latentWidth + x] = binaryMask[sy * width + sx]!;
    }
  }
  return latent;
}
