import * as ort from 'onnxruntime-web';

/** Where onnxruntime-web finds its own wasm and worker files; never guessed from the page or the bundle. */
export interface OrtAssets {
  /** Base URL (ending in /) or explicit file URLs of ORT's `.mjs`/`.wasm`. */
  wasmPaths?: string | { mjs?: string; wasm?: string };
  /** The wasm bytes themselves, when the page cannot fetch them (e.g. a null-origin iframe without CORS). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** The one place the ORT environment is set: asset locations and threads. */
export function configureOrt(assets: OrtAssets = {}): { threads: number } {
  if (assets.wasmPaths !== undefined) ort.env.wasm.wasmPaths = assets.wasmPaths as ort.Env.WasmPrefixOrFilePaths;
  if (assets.wasmBinary !== undefined) ort.env.wasm.wasmBinary = assets.wasmBinary;
  // Threads need SharedArrayBuffer, which only cross-origin isolated pages have (Figma's iframe is not).
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const threads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  ort.env.wasm.numThreads = threads;
  // ORT warns that shape ops run on CPU under WebGPU by design; that is noise in the plugin's console.
  ort.env.logLevel = 'error';
  return { threads };
}
