/// <reference types="@webgpu/types" />
import type { LinearStep } from '../schedulers/scheduler.js';

export const WORKGROUP_SIZE = 64;

/**
 * Guidance plus a linear sampler step, where the UNet output already lives. Writes the new latents
 * and, for the next UNet call, into channels 0..C-1 of each batch item of the 9-channel input, and the
 * step's estimate of the final latents (x0, linear in the same two) for a live preview.
 * Any Inf/NaN in the guided prediction raises a flag (checked by exponent bits: comparisons with NaN
 * may be optimised away by shader compilers).
 */
const SOURCE = /* wgsl */ `
struct Params {
  guidance: f32,
  sampleCoef: f32,
  outputCoef: f32,
  latentSize: u32,
  itemSize: u32,
  batch: u32,
  originalSampleCoef: f32,
  originalOutputCoef: f32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> prediction: array<f32>;
@group(0) @binding(2) var<storage, read_write> latents: array<f32>;
@group(0) @binding(3) var<storage, read_write> unetSample: array<f32>;
@group(0) @binding(4) var<storage, read_write> nonFinite: atomic<u32>;
@group(0) @binding(5) var<storage, read_write> original: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= params.latentSize) { return; }
  var eps = prediction[i];
  if (params.batch == 2u) {
    let positive = prediction[params.latentSize + i];
    eps = eps + params.guidance * (positive - eps);
  }
  if ((bitcast<u32>(eps) & 0x7f800000u) == 0x7f800000u) { atomicStore(&nonFinite, 1u); }
  original[i] = params.originalSampleCoef * latents[i] + params.originalOutputCoef * eps;
  let x = params.sampleCoef * latents[i] + params.outputCoef * eps;
  latents[i] = x;
  for (var b = 0u; b < params.batch; b = b + 1u) {
    unetSample[b * params.itemSize + i] = x;
  }
}
`;

const pipelines = new WeakMap<GPUDevice, GPUComputePipeline>();

/** One pipeline per device, compiled on first use. */
export function latentStepPipeline(device: GPUDevice): GPUComputePipeline {
  let pipeline = pipelines.get(device);
  if (!pipeline) {
    pipeline = device.createComputePipeline({
      label: 'powerpaint latent step',
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: SOURCE }), entryPoint: 'main' },
    });
    pipelines.set(device, pipeline);
  }
  return pipeline;
}

export const PARAMS_BYTES = 32;

export function writeParams(
  device: GPUDevice,
  buffer: GPUBuffer,
  p: { guidance: number; step: LinearStep; latentSize: number; itemSize: number; batch: number },
): void {
  const data = new ArrayBuffer(PARAMS_BYTES);
  new Float32Array(data, 0, 3).set([p.guidance, p.step.sample, p.step.modelOutput]);
  new Uint32Array(data, 12, 3).set([p.latentSize, p.itemSize, p.batch]);
  new Float32Array(data, 24, 2).set([p.step.original.sample, p.step.original.modelOutput]);
  device.queue.writeBuffer(buffer, 0, data);
}
