import * as ort from 'onnxruntime-web';
import { EngineError } from '../engine/errors.js';
import type { GaussianSource } from '../random/gaussian-source.js';
import { outputName, type ModelSession } from '../runtime/model-session.js';
import { MODEL_SPECS } from '../runtime/model-specs.js';

/** The VAE encoder's output: a latent, or a Gaussian (mean + log-variance) to sample one from. */
export interface LatentDistribution {
  mean: Float32Array;
  logvar: Float32Array | undefined;
}

export async function encodeImage(
  session: ModelSession,
  imageTensor: Float32Array,
  width: number,
  height: number,
  latentChannels: number,
): Promise<LatentDistribution> {
  const input = new ort.Tensor('float32', imageTensor, [1, 3, height, width]);
  const name = outputName(session, MODEL_SPECS.vaeEncoder, 'latent_sample');
  const output = (await session.run({ sample: input }, [name]))[name];
  const channels = output!.dims[1];
  const data = output!.data as Float32Array;
  output!.dispose();
  if (channels === latentChannels) return { mean: data, logvar: undefined };
  if (channels === 2 * latentChannels) {
    const half = data.length / 2;
    return { mean: data.slice(0, half), logvar: data.slice(half) };
  }
  throw new EngineError(
    'bundle-mismatch',
    `vae_encoder/model.onnx gives ${channels} latent channels; the manifest says ${latentChannels} (or ${2 * latentChannels} for mean and log-variance). Re-export the bundle.`,
  );
}

/**
 * A latent from the distribution, times the VAE scaling factor. diffusers samples the masked-image
 * latent with the run's generator (`latent_dist.sample(generator)`), so we draw from it too.
 */
export function sampleLatent(dist: LatentDistribution, scalingFactor: number, noise: GaussianSource): Float32Array {
  const latent = new Float32Array(dist.mean.length);
  if (!dist.logvar) {
    for (let i = 0; i < latent.length; i++) latent[i] = dist.mean[i]! * scalingFactor;
    return latent;
  }
  const eps = noise.randn(latent.length);
  for (let i = 0; i < latent.length; i++) {
    const std = Math.exp(0.5 * Math.min(20, Math.max(-30, dist.logvar[i]!)));
    latent[i] = Math.fround(dist.mean[i]! + Math.fround(std) * eps[i]!) * scalingFactor;
  }
  return latent;
}

export async function decodeLatents(
  session: ModelSession,
  latents: Float32Array,
  dims: readonly number[],
  scalingFactor: number,
): Promise<Float32Array> {
  const unscaled = new Float32Array(latents.length);
  for (let i = 0; i < latents.length; i++) unscaled[i] = latents[i]! / scalingFactor;
  const input = new ort.Tensor('float32', unscaled, dims);
  const { sample: output } = await session.run({ latent_sample: input }, ['sample']);
  const data = output!.data as Float32Array;
  output!.dispose();
  return data;
}
