import * as ort from 'onnxruntime-web';
import { valueMetadata } from '../runtime/model-session.js';
import { assertFinite } from './non-finite.js';

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

/**
 * One UNet call per denoising step with classifier-free guidance as a single batch.
 * The 9-channel input buffer and its tensors are built once per run; a step only writes the
 * current latents into channels 0..C-1 of each batch item.
 */
export class UnetStep {
  private readonly batch: number;
  private readonly plane: number;
  private readonly itemSize: number;
  private readonly sampleBuffer: Float32Array;
  private readonly sample: ort.Tensor;
  private readonly states: ort.Tensor;
  private readonly timestepBuffer: BigInt64Array | Float32Array;
  private readonly timestep: ort.Tensor;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly conditioning: UnetConditioning,
    private readonly backend: string,
  ) {
    const { latentChannels: c, latentHeight: h, latentWidth: w } = conditioning;
    this.batch = conditioning.encoderStates.length / (77 * conditioning.hiddenSize);
    this.plane = h * w;
    const inChannels = 2 * c + 1;
    this.itemSize = inChannels * this.plane;
    this.sampleBuffer = new Float32Array(this.batch * this.itemSize);
    for (let b = 0; b < this.batch; b++) {
      const item = b * this.itemSize;
      this.sampleBuffer.set(conditioning.maskLatent, item + c * this.plane);
      this.sampleBuffer.set(conditioning.maskedImageLatents, item + (c + 1) * this.plane);
    }
    this.sample = new ort.Tensor('float32', this.sampleBuffer, [this.batch, inChannels, h, w]);
    this.states = new ort.Tensor('float32', conditioning.encoderStates, [this.batch, 77, conditioning.hiddenSize]);
    const meta = valueMetadata(session, 'input', 'timestep');
    const dims = meta.shape.length === 0 ? [] : [this.batch];
    this.timestepBuffer = meta.type === 'int64' ? new BigInt64Array(this.batch) : new Float32Array(this.batch);
    const timestepData = dims.length === 0 ? this.timestepBuffer.subarray(0, 1) : this.timestepBuffer;
    this.timestep =
      timestepData instanceof BigInt64Array
        ? new ort.Tensor('int64', timestepData, dims)
        : new ort.Tensor('float32', timestepData, dims);
  }

  /** The guided noise prediction for `latentInput` (already scaled by the scheduler) at timestep t. */
  async predict(latentInput: Float32Array, t: number): Promise<Float32Array> {
    const latentSize = this.conditioning.latentChannels * this.plane;
    for (let b = 0; b < this.batch; b++) this.sampleBuffer.set(latentInput.subarray(0, latentSize), b * this.itemSize);
    if (this.timestepBuffer instanceof BigInt64Array) this.timestepBuffer.fill(BigInt(Math.round(t)));
    else this.timestepBuffer.fill(t);
    const { out_sample: output } = await this.session.run(
      { sample: this.sample, timestep: this.timestep, encoder_hidden_states: this.states },
      ['out_sample'],
    );
    const prediction = output!.data as Float32Array;
    assertFinite(prediction, `UNet step t=${t}`, this.backend);
    const guided = this.batch === 1 ? prediction.slice(0, latentSize) : guide(prediction, latentSize, this.conditioning.guidance);
    output!.dispose();
    return guided;
  }
}

/** ε = ε_neg + g·(ε_pos − ε_neg), batch laid out [negative, positive]. */
function guide(prediction: Float32Array, size: number, guidance: number): Float32Array {
  const guided = new Float32Array(size);
  const g = Math.fround(guidance);
  for (let i = 0; i < size; i++) {
    const negative = prediction[i]!;
    guided[i] = negative + Math.fround(g * Math.fround(prediction[size + i]! - negative));
  }
  return guided;
}
