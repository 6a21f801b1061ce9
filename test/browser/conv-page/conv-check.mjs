// Runs Conv models on the wasm EP and on one WebGPU configuration of one ORT build, in this page,
// and reports how far apart they are. Plain browser JS, served as-is (no bundling step).

/** The WebGPU adapter Chromium gives this page (SwiftShader in headless CI), or null. */
async function adapterInfo() {
  if (!('gpu' in navigator)) return null;
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return null;
  const { vendor, architecture, device, description } = adapter.info ?? {};
  return {
    vendor, architecture, device, description,
    features: [...adapter.features].sort(),
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

/** The same smooth input on both EPs. */
function input(length) {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + 1) * 0.8);
}

async function runOnce(ort, bytes, executionProvider, x, dims) {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: [executionProvider] });
  try {
    const start = performance.now();
    const { y } = await session.run({ x: new ort.Tensor('float32', x, dims) });
    return { data: y.data, dims: y.dims, ms: performance.now() - start };
  } finally {
    await session.release();
  }
}

/**
 * @param {{ ortUrl: string, wasmPaths: string, webgpu: string | object,
 *           models: Array<{ url: string, inChannels: number, outChannels: number, size: number }> }} config
 */
export async function runConvCheck({ ortUrl, wasmPaths, webgpu, models }) {
  const adapter = await adapterInfo();
  const ort = await import(ortUrl);
  // Explicit, so ORT never guesses its .wasm location from the bundle's own URL.
  ort.env.wasm.wasmPaths = wasmPaths;
  ort.env.wasm.numThreads = 1;
  const results = [];
  for (const model of models) {
    const bytes = new Uint8Array(await (await fetch(model.url)).arrayBuffer());
    const dims = [1, model.inChannels, model.size, model.size];
    const x = input(model.inChannels * model.size * model.size);
    const reference = await runOnce(ort, bytes, 'wasm', x, dims);
    const gpu = await runOnce(ort, bytes, webgpu, x, dims);
    let maxAbsDiff = 0;
    let maxAbsReference = 0;
    let nonFinite = 0;
    for (let i = 0; i < reference.data.length; i++) {
      const d = Math.abs(reference.data[i] - gpu.data[i]);
      if (!Number.isFinite(d)) nonFinite++;
      else maxAbsDiff = Math.max(maxAbsDiff, d);
      maxAbsReference = Math.max(maxAbsReference, Math.abs(reference.data[i]));
    }
    results.push({
      ...model,
      dims: gpu.dims,
      sameLength: reference.data.length === gpu.data.length,
      maxAbsDiff, maxAbsReference, nonFinite,
      wasmMs: Math.round(reference.ms), webgpuMs: Math.round(gpu.ms),
    });
  }
  // JSEP exposes the GPUDevice it used: proof the webgpu EP really ran on the GPU.
  const usedDevice = Boolean(ort.env.webgpu?.device) || Boolean(await ort.env.webgpu?.device);
  return { adapter, ortVersion: ort.env.versions?.web ?? null, usedDevice, results };
}
