import * as ort from 'onnxruntime-web';
import { valueMetadata, type ModelSession } from '../runtime/model-session.js';

export interface UnetConditioning {
  /** [B, 77, D]: B = 2 ([negative, positive]) with guidance, 1 (positive) without. */
  encoderStates: Float32Array;
  hiddenSize: number;
  /** [1, 1, h, w], 1 where the latent is repainted. */
  maskLatent: Float32Array;
  /** [1, C, h, w] scaled VAE latent of the masked image. */
  maskedImageLatents: Float32Array;
  latentChannels: number;
  latentHeight: number;
  latentWidth: number;
  guidance: number;
}

/** Batch size and per-item layout of the UNet's [B, 2C+1, h, w] input. */
export function unetLayout(c: UnetConditioning) {
  const plane = c.latentHeight * c.latentWidth;
  const inChannels = 2 * c.latentChannels + 1;
  return {
    batch: c.encoderStates.length / (77 * c.hiddenSize),
    latentSize: c.latentChannels * plane,
    itemSize: inChannels * plane,
    dims: [inChannels, c.latentHeight, c.latentWidth],
  };
}

/** concat([latents, mask, masked image latents]) on channels, repeated for each batch item. */
export function buildUnetSample(c: UnetConditioning, latents: Float32Array): Float32Array {
  const { batch, latentSize, itemSize } = unetLayout(c);
  const sample = new Float32Array(batch * itemSize);
  for (let b = 0; b < batch; b++) {
    const item = b * itemSize;
    sample.set(latents.subarray(0, latentSize), item);
    sample.set(c.maskLatent, item + latentSize);
    sample.set(c.maskedImageLatents, item + latentSize + c.maskLatent.length);
  }
  return sample;
}

/**
 * The timestep input in the dtype and shape the UNet declares (int64 or float, [B] or scalar), as one
 * tensor whose data a step overwrites.
 */
export function timestepInput(session: ModelSession, batch: number): { tensor: ort.Tensor; set(t: number): void } {
  const meta = valueMetadata(session, 'input', 'timestep');
  const dims = meta.shape.length === 0 ? [] : [batch];
  const count = dims.length === 0 ? 1 : batch;
  if (meta.type === 'int64') {
    const data = new BigInt64Array(count);
    // An integer UNet gets fractional sampler timesteps (Euler a's linspace) rounded.
    return { tensor: new ort.Tensor('int64', data, dims), set: (t) => data.fill(BigInt(Math.round(t))) };
  }
  const data = new Float32Array(count);
  return { tensor: new ort.Tensor('float32', data, dims), set: (t) => data.fill(t) };
}

/** ε = ε_neg + g·(ε_pos − ε_neg), batch laid out [negative, positive]; batch 1 is already guided. */
export function guide(prediction: Float32Array, latentSize: number, guidance: number): Float32Array {
  if (prediction.length === latentSize) return prediction.slice();
  const guided = new Float32Array(latentSize);
  const g = Math.fround(guidance);
  for (let i = 0; i < latentSize; i++) {
    const negative = prediction[i]!;
    guided[i] = negative + Math.fround(g * Math.fround(prediction[latentSize + i]! - negative));
  }
  return guided;
}
