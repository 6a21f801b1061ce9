import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseBackend } from './choose-backend.js';

function fakeGpu(adapter: { features: string[]; description?: string } | null) {
  return {
    requestAdapter: async () =>
      adapter && { features: new Set(adapter.features), info: { vendor: 'acme', architecture: 'gen9', description: adapter.description ?? '' } },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('chooseBackend', () => {
  it('picks WebGPU when an adapter exists and names it', async () => {
    vi.stubGlobal('navigator', { gpu: fakeGpu({ features: [] }) });
    expect(await chooseBackend('auto', false)).toEqual({ backend: 'webgpu', reason: 'WebGPU adapter: acme gen9', adapter: 'acme gen9', shaderF16: false });
  });

  it('says whether the adapter computes in float16', async () => {
    vi.stubGlobal('navigator', { gpu: fakeGpu({ features: ['shader-f16'] }) });
    expect((await chooseBackend('auto', false)).shaderF16).toBe(true);
  });

  it('falls back to wasm, saying why, without navigator.gpu (an insecure context)', async () => {
    vi.stubGlobal('navigator', {});
    const choice = await chooseBackend('auto', false);
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/no WebGPU .*secure context/);
  });

  it('falls back to wasm when no adapter is granted', async () => {
    vi.stubGlobal('navigator', { gpu: fakeGpu(null) });
    expect((await chooseBackend('auto', false)).reason).toBe('no WebGPU adapter is available');
  });

  it('needs shader-f16 for an fp16 bundle', async () => {
    vi.stubGlobal('navigator', { gpu: fakeGpu({ features: [] }) });
    expect((await chooseBackend('auto', true)).reason).toMatch(/lacks shader-f16/);
    vi.stubGlobal('navigator', { gpu: fakeGpu({ features: ['shader-f16'] }) });
    expect((await chooseBackend('auto', true)).backend).toBe('webgpu');
  });

  it('honours an explicit wasm choice, and refuses an impossible WebGPU one', async () => {
    vi.stubGlobal('navigator', { gpu: fakeGpu({ features: [] }) });
    expect((await chooseBackend('wasm', false)).backend).toBe('wasm');
    vi.stubGlobal('navigator', {});
    await expect(chooseBackend('webgpu', false)).rejects.toThrow(/WebGPU was requested but this page has no WebGPU/);
  });
});
