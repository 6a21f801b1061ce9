import type { RgbaImage } from '../engine/types.js';
import { latentRgbFactors } from './latent-rgb-factors.js';
import type { PreviewDecoder } from './preview-decoder.js';

export interface LatentGeometry {
  channels: number;
  latentWidth: number;
  latentHeight: number;
  /** Image pixels per latent pixel (the VAE's scale factor, 8 for SD-1.5). */
  scale: number;
}

/**
 * The cheap preview: each latent pixel's RGB from the latent-to-RGB factors, mapped from [-1, 1] to bytes as the
 * final image is, and repeated over its scale × scale block (nearest: a preview, not a result). Undefined when no
 * factors are known for the latent's channel count.
 */
export function linearPreviewDecoder(geometry: LatentGeometry): PreviewDecoder | undefined {
  const factors = latentRgbFactors(geometry.channels);
  if (!factors) return undefined;
  return { decode: (latents) => Promise.resolve(latentToRgb(latents, geometry, factors)) };
}

export function latentToRgb(latents: Float32Array, geometry: LatentGeometry, factors: readonly (readonly number[])[]): RgbaImage {
  const { channels, latentWidth: lw, latentHeight: lh, scale } = geometry;
  const plane = lw * lh;
  if (latents.length !== channels * plane) throw new Error(`latentToRgb: ${latents.length} values for a ${channels}x${lh}x${lw} latent.`);
  const width = lw * scale;
  const height = lh * scale;
  const data = new Uint8ClampedArray(width * height * 4);
  // Whole pixels as 32-bit words (byte order as in memory), so a block is a few fills.
  const words = new Uint32Array(data.buffer);
  const pixel = new Uint8ClampedArray(4);
  const pixelWord = new Uint32Array(pixel.buffer);
  pixel[3] = 255;
  for (let y = 0; y < lh; y++) {
    for (let x = 0; x < lw; x++) {
      const p = y * lw + x;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < channels; k++) sum += latents[k * plane + p]! * factors[k]![c]!;
        pixel[c] = (sum / 2 + 0.5) * 255;
      }
      const start = y * scale * width + x * scale;
      for (let row = 0; row < scale; row++) words.fill(pixelWord[0]!, start + row * width, start + row * width + scale);
    }
  }
  return { width, height, data };
}
