import { describe, expect, it } from 'vitest';
import type { ModelPackage } from '../package/model-package.js';
import type { BackendChoice } from '../runtime/choose-backend.js';
import { checkModelFits } from './check-fits.js';

const model = (bytes: number, precision: 'fp16' | 'fp32') => ({ manifest: { name: 'PowerPaint v1' }, unetWeights: { bytes, precision } }) as unknown as ModelPackage;
const wasm: BackendChoice = { backend: 'wasm', reason: '', adapter: undefined, shaderF16: false };
const gpu = (shaderF16: boolean): BackendChoice => ({ backend: 'webgpu', reason: '', adapter: 'acme', shaderF16 });
const native: BackendChoice = { backend: 'native', reason: '', adapter: undefined, shaderF16: false };
const SD15_FP16 = 1_719_154_104; // SD-1.5's UNet as diffusion_pytorch_model.fp16.safetensors
const SD15_FP32 = 3_438_167_536;

describe('checkModelFits', () => {
  it('lets SD-1.5 fp16 run on WebGPU with shader-f16 and natively', () => {
    expect(() => checkModelFits(model(SD15_FP16, 'fp16'), gpu(true), 'float16')).not.toThrow();
    expect(() => checkModelFits(model(SD15_FP32, 'fp32'), native, 'float32')).not.toThrow();
  });

  it('refuses wasm, where fp16 weights are widened to 3.4 GB, saying what runs instead', () => {
    expect(() => checkModelFits(model(SD15_FP16, 'fp16'), wasm, 'float32')).toThrow(/3\.4 GB of runtime memory on the CPU \(wasm\) runtime.*Instant remove works here/);
  });

  it('refuses a GPU without shader-f16 (the widening is folded in the wasm heap first)', () => {
    expect(() => checkModelFits(model(SD15_FP16, 'fp16'), gpu(false), 'float32')).toThrow(/5\.2 GB.*lacks shader-f16/);
  });

  it('refuses an fp32-only UNet file over the browser\'s 2 GB buffer, and names the fp16 variant', () => {
    expect(() => checkModelFits(model(SD15_FP32, 'fp32'), gpu(true), 'float32')).toThrow(/only fp32 weights.*3\.4 GB.*fp16 variant/);
  });

  it('lets small models run anywhere', () => {
    expect(() => checkModelFits(model(2_000_000, 'fp16'), wasm, 'float32')).not.toThrow();
    expect(() => checkModelFits(model(2_000_000, 'fp16'), gpu(false), 'float32')).not.toThrow();
  });
});
