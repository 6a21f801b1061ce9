import { noCache, type BundleCache } from './bundle-cache.js';
import { originFromUrl } from './byte-origin.js';
import { downloadFile, type RetryOptions } from './download-file.js';
import { memorySink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

/**
 * onnxruntime-web's own wasm, pinned: the engine hands ORT the verified bytes (`assets.wasmBinary`),
 * so ORT fetches nothing itself. That is what works in Figma's null-origin iframe: no same-origin
 * fetch, no `wasmPaths` dynamic import (which needs CORS on a module script), no worker.
 *
 * Which file: the "bundle" builds (`ort.bundle.min.mjs`, what esbuild picks for `import 'onnxruntime-web'`
 * in a browser build; `ort.wasm.bundle.min.mjs`; `ort.webgpu.bundle.min.mjs`) inline their Emscripten
 * .mjs glue and use it when `wasmBinary` is set and wasm runs single-threaded (always, in Figma: not
 * cross-origin isolated). Only the .wasm is then needed. With threads (an isolated page) ORT starts
 * workers from its .mjs and needs `wasmPaths` as well: see DESIGN.md.
 */
export const ORT_VERSION = '1.30.0';

export type OrtBuild = 'default' | 'wasm' | 'webgpu' | 'jspi';

/** The .wasm each build loads, with its size and sha256, for onnxruntime-web 1.30.0. */
export const ORT_WASM: Readonly<Record<OrtBuild, BundleFile>> = {
  // `onnxruntime-web` (ort.bundle.min.mjs): JSEP WebGPU + wasm. What the engine imports.
  default: { path: 'ort-wasm-simd-threaded.jsep.wasm', bytes: 28_312_028, sha256: '3ad23231b5bd6d9dda55a7f84606315e0bf35b6750c28ee993c987c54cacab0f' },
  // `onnxruntime-web/wasm`: CPU only.
  wasm: { path: 'ort-wasm-simd-threaded.wasm', bytes: 14_239_897, sha256: '3398c10d07d229bd91b364548e130e0e51a8e5704b88c7c083ebbeb78842dee2' },
  // `onnxruntime-web/webgpu`: the newer WebGPU EP (asyncify).
  webgpu: { path: 'ort-wasm-simd-threaded.asyncify.wasm', bytes: 26_781_914, sha256: '39f9f0894d478800487ed9f7dbe92618498db320cf55c8e3d89adff8dce658da' },
  jspi: { path: 'ort-wasm-simd-threaded.jspi.wasm', bytes: 16_758_545, sha256: 'a54c76f86b0f0d9572380cf1c6292a7b3903716ffcbcd6b0e5c7050bf430eb93' },
};

/** Where the pinned files are published: jsDelivr mirrors the npm package, with CORS `*`. */
export const ORT_CDN_BASE = `https://cdn.jsdelivr.net/npm/onnxruntime-web@${ORT_VERSION}/dist/`;

export interface LoadOrtWasmOptions {
  /** Folder URL holding ORT's dist files: the harness's `/repo/node_modules/onnxruntime-web/dist/`, a CDN, the hosted UI. */
  baseUrl?: string;
  build?: OrtBuild;
  /** Keeps the wasm between sessions, keyed by its sha256 like bundle files. */
  cache?: BundleCache;
  signal?: AbortSignal;
  retry?: RetryOptions;
  fetch?: typeof fetch;
  onBytes?: (loaded: number, total: number) => void;
}

/**
 * The pinned .wasm, checked against its sha256 while streaming (a different or damaged file is
 * refused), as `assets` for `PowerPaintEngine.load(source, { assets })`.
 */
export async function loadOrtWasm(options: LoadOrtWasmOptions = {}): Promise<{ wasmBinary: Uint8Array; fromCache: boolean }> {
  const entry = ORT_WASM[options.build ?? 'default'];
  const cache = options.cache ?? noCache('none was given');
  const cached = await cache.read(entry).catch(() => undefined);
  if (cached) return { wasmBinary: cached, fromCache: true };
  const origin = originFromUrl(options.baseUrl ?? ORT_CDN_BASE, options.fetch);
  const common = {
    origin,
    entry,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    onBytes: (loaded: number) => options.onBytes?.(loaded, entry.bytes),
  };
  try {
    if (cache.kind !== 'none') {
      await downloadFile({ ...common, sink: await cache.createWriter(entry) });
      const stored = await cache.read(entry);
      if (stored) return { wasmBinary: stored, fromCache: false };
    }
    return { wasmBinary: await downloadFile({ ...common, sink: memorySink(entry.bytes, entry.path) }), fromCache: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'corrupt-bundle') {
      throw new Error(
        `onnxruntime-web's ${entry.path} from ${origin.label} is not the pinned ${ORT_VERSION} build (${(error as Error).message}). ` +
          'Point the runtime location at onnxruntime-web ' + ORT_VERSION + "'s dist folder.",
        { cause: error },
      );
    }
    throw error;
  }
}
