/**
 * The linear approximation of SD-1.5's VAE decoder that common tools use for previews (ComfyUI's and
 * stable-diffusion-webui's "Approx NN"-free cheap preview): RGB in [-1, 1] = latent · factors, one row per latent
 * channel, applied to the latent as the UNet sees it (scaled by the VAE's scaling factor). For any other 4-channel
 * latent (the tiny test models) it is simply a fixed linear map; there is none for other channel counts.
 */
export const SD15_LATENT_RGB_FACTORS: readonly (readonly [number, number, number])[] = [
  //  R        G        B
  [0.3512, 0.2297, 0.3227],
  [0.325, 0.4974, 0.235],
  [-0.2829, 0.1762, 0.2721],
  [-0.212, -0.2616, -0.7177],
];

/** The factors for a latent with `channels` channels, or undefined when no linear preview is known for it. */
export function latentRgbFactors(channels: number): readonly (readonly [number, number, number])[] | undefined {
  return channels === SD15_LATENT_RGB_FACTORS.length ? SD15_LATENT_RGB_FACTORS : undefined;
}
