/**
 * Which backend a run will get here: WebGPU with the adapter the browser offers, or the wasm
 * fallback. Figma's window has been seen both with and without WebGPU, so this is asked, not assumed.
 */
export interface RuntimeReport {
  webgpu: boolean;
  /** For the person, e.g. "WebGPU: google swiftshader" or "no WebGPU: wasm fallback". */
  text: string;
}

/** The few WebGPU members read here; TypeScript's DOM library does not declare WebGPU. */
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface Gpu {
  requestAdapter(): Promise<{ info?: GpuAdapterInfo } | null>;
}

export async function describeRuntimeAsync(): Promise<RuntimeReport> {
  const gpu = (navigator as Navigator & { gpu?: Gpu }).gpu;
  if (gpu === undefined) return { webgpu: false, text: 'no WebGPU: wasm fallback' };
  try {
    const adapter = await gpu.requestAdapter();
    if (adapter === null) return { webgpu: false, text: 'no WebGPU adapter: wasm fallback' };
    const info = adapter.info ?? {};
    const parts = [info.vendor, info.architecture, info.device, info.description].filter((part) => part);
    return { webgpu: true, text: `WebGPU: ${parts.length > 0 ? parts.join(' ') : 'adapter without info'}` };
  } catch (error) {
    return { webgpu: false, text: `no WebGPU (${error instanceof Error ? error.message : String(error)}): wasm fallback` };
  }
}
