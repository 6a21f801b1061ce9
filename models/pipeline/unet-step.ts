import * as ort from 'onnxruntime-web';
import { assertFinite } from './non-finite.js';
import { buildUnetSample, guide, timestepInput, unetLayout, type UnetConditioning } from './unet-inputs.js';
import type { ModelSession } from '../runtime/model-session.js';

/**
 * One UNet call per denoising step with classifier-free guidance as a single batch, latents on the
 * CPU between steps (any scheduler). The input buffer and its tensors are built once per run; a step
 * only writes the current latents into channels 0..C-1 of each batch item.
 */
export class UnetStep {
  private readonly layout: ReturnType<typeof unetLayout>;
  private readonly sampleBuffer: Float32Array;
  private readonly sample: ort.Tensor;
  private readonly states: ort.Tensor;
  private readonly timestep: ReturnType<typeof timestepInput>;

  constructor(
    private readonly session: ModelSession,
    private readonly conditioning: UnetConditioning,
    private readonly backend: string,
  ) {
    this.layout = unetLayout(conditioning);
    const { batch, dims } = this.layout;
    this.sampleBuffer = buildUnetSample(conditioning, new Float32Array(this.layout.latentSize));
    this.sample = new ort.Tensor('float32', this.sampleBuffer, [batch, ...dims]);
    this.states = new ort.Tensor('float32', conditioning.encoderStates, [batch, 77, conditioning.hiddenSize]);
    this.timestep = timestepInput(session, batch);
  }

  /** The guided noise prediction for `latentInput` (already scaled by the scheduler) at timestep t. */
  async predict(latentInput: Float32Array, t: number): Promise<Float32Array> {
    const { batch, latentSize, itemSize } = this.layout;
    for (let b = 0; b < batch; b++) this.sampleBuffer.set(latentInput.subarray(0, latentSize), b * itemSize);
    this.timestep.set(t);
    const { out_sample: output } = await this.session.run(
      { sample: this.sample, timestep: this.timestep.tensor, encoder_hidden_states: this.states },
      ['out_sample'],
    );
    // A session that keeps outputs on the GPU (for the GPU loop) hands them back through getData.
    const prediction = (output!.location === 'cpu' ? output!.data : await output!.getData()) as Float32Array;
    output!.dispose();
    assertFinite(prediction, `UNet step t=${t}`, this.backend);
    return guide(prediction, latentSize, this.conditioning.guidance);
  }
}
