import type { RgbaImage } from '../engine/types.js';

/** Turns a latent estimate ([1, C, h, w] flattened, scaled as the UNet sees it) into a picture at the run's size. */
export interface PreviewDecoder {
  decode(latents: Float32Array): Promise<RgbaImage>;
}
