import type { OnnxBackend } from '../engine/types.js';

export type BackendPreference = 'auto' | OnnxBackend;

export interface BackendChoice {
  backend: OnnxBackend;
  /** Why this backend, in words for the model panel. */
  reason: string;
  adapter: string | undefined;
  /** The adapter computes in float16 (WebGPU's shader-f16). */
  shaderF16: boolean;
}

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** WebGPU when an adapter can run the bundle's precision; wasm otherwise, with the reason. */
export async function chooseBackend(preference: BackendPreference, needsShaderF16: boolean): Promise<BackendChoice> {
  if (preference === 'wasm') return { backend: 'wasm', reason: 'wasm was requested', adapter: undefined, shaderF16: false };
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  const fallback = (reason: string): BackendChoice => {
    if (preference === 'webgpu') throw new Error(`WebGPU was requested but ${reason}.`);
    return { backend: 'wasm', reason, adapter: undefined, shaderF16: false };
  };
  if (!gpu) return fallback('this page has no WebGPU (navigator.gpu is missing; it needs a secure context)');
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return fallback('no WebGPU adapter is available');
  const name = describeAdapter(adapter);
  if (needsShaderF16 && !adapter.features.has('shader-f16')) {
    return fallback(`the WebGPU adapter (${name}) lacks shader-f16, which this fp16 bundle needs`);
  }
  return { backend: 'webgpu', reason: `WebGPU adapter: ${name}`, adapter: name, shaderF16: adapter.features.has('shader-f16') };
}

function describeAdapter(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ') || 'unknown adapter';
}
