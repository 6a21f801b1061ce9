/// <reference types="@webgpu/types" />
import * as ort from 'onnxruntime-web';
import { throwIfAborted } from '../engine/errors.js';
import { nonFiniteError } from '../pipeline/non-finite.js';
import { buildUnetSample, timestepInput, unetLayout, type UnetConditioning } from '../pipeline/unet-inputs.js';
import type { LinearStep, Scheduler } from '../schedulers/scheduler.js';
import { latentStepPipeline, PARAMS_BYTES, WORKGROUP_SIZE, writeParams } from './latent-step-kernel.js';
import type { ModelSession } from '../runtime/model-session.js';
import type { LatentEstimate } from '../preview/live-preview.js';

export type LinearScheduler = Scheduler & { linearStep(timestep: number): LinearStep | undefined };

/** Whether this scheduler's every step can run on the GPU. */
export function steppableOnGpu(scheduler: Scheduler): scheduler is LinearScheduler {
  return scheduler.linearStep !== undefined && scheduler.timesteps.every((t) => scheduler.linearStep!(t) !== undefined);
}

/**
 * The denoising loop with latents resident on the GPU: the 9-channel UNet input, the text states and
 * the latents are uploaded once; each step the UNet's output (kept on the GPU by the session) is
 * guided and stepped by a compute pass that writes the next UNet input in place. Per step only the
 * timestep goes up and a 4-byte non-finite flag comes back; the latents come back once, at the end, and
 * the step's x0 (which the kernel writes beside them) only when a live preview is drawn.
 */
export async function denoiseOnGpu(
  session: ModelSession,
  conditioning: UnetConditioning,
  initialLatents: Float32Array,
  scheduler: LinearScheduler,
  onStep: (estimate: LatentEstimate) => void | Promise<void>,
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  const device = await ort.env.webgpu.device;
  const layout = unetLayout(conditioning);
  const usage = GPUBufferUsage;
  const upload = (data: Float32Array, extra = 0) => {
    const buffer = device.createBuffer({ size: data.byteLength, usage: usage.STORAGE | usage.COPY_DST | extra });
    device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
    return buffer;
  };
  const sampleBuffer = upload(buildUnetSample(conditioning, initialLatents));
  const statesBuffer = upload(conditioning.encoderStates);
  const latentsBuffer = upload(initialLatents.slice(0, layout.latentSize), usage.COPY_SRC);
  const originalBuffer = upload(new Float32Array(layout.latentSize), usage.COPY_SRC);
  const flagBuffer = upload(new Float32Array(1), usage.COPY_SRC);
  const paramsBuffer = device.createBuffer({ size: PARAMS_BYTES, usage: usage.UNIFORM | usage.COPY_DST });
  const readback = device.createBuffer({ size: layout.latentSize * 4, usage: usage.MAP_READ | usage.COPY_DST });
  const buffers = [sampleBuffer, statesBuffer, latentsBuffer, originalBuffer, flagBuffer, paramsBuffer, readback];
  const read = async (from: GPUBuffer) => {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(from, 0, readback, 0, layout.latentSize * 4);
    device.queue.submit([encoder.finish()]);
    return new Float32Array((await readWords(readback, layout.latentSize)).buffer);
  };
  try {
    const sample = ort.Tensor.fromGpuBuffer(sampleBuffer, { dataType: 'float32', dims: [layout.batch, ...layout.dims] });
    const states = ort.Tensor.fromGpuBuffer(statesBuffer, { dataType: 'float32', dims: [layout.batch, 77, conditioning.hiddenSize] });
    const timestep = timestepInput(session, layout.batch);
    const pipeline = latentStepPipeline(device);
    for (const t of scheduler.timesteps) {
      throwIfAborted(signal);
      timestep.set(t);
      const { out_sample: output } = await session.run({ sample, timestep: timestep.tensor, encoder_hidden_states: states }, ['out_sample']);
      writeParams(device, paramsBuffer, { guidance: conditioning.guidance, step: scheduler.linearStep(t)!, ...layout });
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [paramsBuffer, output!.gpuBuffer as GPUBuffer, latentsBuffer, sampleBuffer, flagBuffer, originalBuffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(layout.latentSize / WORKGROUP_SIZE));
      pass.end();
      encoder.copyBufferToBuffer(flagBuffer, 0, readback, 0, 4);
      device.queue.submit([encoder.finish()]);
      output!.dispose();
      if ((await readWords(readback, 1))[0] !== 0) throw nonFiniteError(`UNet step t=${t}`, 'webgpu');
      await onStep(() => read(originalBuffer));
    }
    return await read(latentsBuffer);
  } finally {
    buffers.forEach((buffer) => buffer.destroy());
  }
}

async function readWords(buffer: GPUBuffer, count: number): Promise<Uint32Array> {
  await buffer.mapAsync(GPUMapMode.READ, 0, count * 4);
  const words = new Uint32Array(buffer.getMappedRange(0, count * 4).slice(0));
  buffer.unmap();
  return words;
}
