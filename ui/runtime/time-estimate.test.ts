import { describe, expect, it } from 'vitest';
import { estimateRunTime, type EstimateInput } from './time-estimate.js';

const base: EstimateInput = {
  engine: 'model',
  backend: 'webgpu',
  adapter: 'nvidia ampere',
  nativeSize: 512,
  task: 'remove',
  steps: 30,
  guidance: 10,
  variations: 1,
  windows: 1,
};

describe('estimateRunTime', () => {
  it('uses the time measured on this machine when there is one', () => {
    const estimate = estimateRunTime({ ...base, measuredStepMs: 400 });
    expect(estimate.lowMs).toBe(12_000);
    expect(estimate.basis).toMatch(/measured/);
  });

  it('gives a wide prior range otherwise, far slower on wasm and on SwiftShader than on a GPU', () => {
    const gpu = estimateRunTime(base);
    const wasm = estimateRunTime({ ...base, backend: 'wasm' });
    const swiftshader = estimateRunTime({ ...base, adapter: 'google swiftshader' });
    expect(gpu.highMs).toBeGreaterThan(gpu.lowMs * 5);
    expect(wasm.lowMs).toBeGreaterThan(gpu.highMs);
    expect(swiftshader.lowMs).toBeGreaterThan(gpu.highMs);
  });

  it('scales with steps, variations and windows, and halves without guidance', () => {
    const one = estimateRunTime({ ...base, measuredStepMs: 100 }).lowMs;
    expect(estimateRunTime({ ...base, measuredStepMs: 100, variations: 2 }).lowMs).toBe(2 * one);
    expect(estimateRunTime({ ...base, measuredStepMs: 100, windows: 3 }).lowMs).toBe(3 * one);
    expect(estimateRunTime({ ...base, measuredStepMs: 100, guidance: 1 }).lowMs).toBe(one / 2);
  });

  it('is small for tiny models and for the instant remover', () => {
    expect(estimateRunTime({ ...base, nativeSize: 64 }).highMs).toBeLessThan(estimateRunTime(base).highMs / 20);
    // A tiny UNet costs the runtime's overhead per step, not nothing.
    const tiny = estimateRunTime({ ...base, nativeSize: 64, unetBytes: 56_000 });
    expect(tiny.lowMs).toBeGreaterThan(0);
    expect(tiny.highMs).toBeLessThan(10_000);
    expect(estimateRunTime({ ...base, engine: 'instant', maskedPixels: 10_000 }).highMs).toBeLessThan(10_000);
  });
});
