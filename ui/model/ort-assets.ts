import type { BundleCache } from '../../models/bundle/bundle-cache.js';
import { loadOrtWasm, ORT_CDN_BASE, ORT_WASM } from '../../models/bundle/ort-assets.js';
import type { OrtAssets } from '../../models/runtime/ort-environment.js';
import { resolvedUrl } from './catalog-locations.js';

/** Where the harness serves the installed onnxruntime-web's files, relative to the page (test/harness/serve.mjs). */
export const HARNESS_ORT_DIST = 'repo/node_modules/onnxruntime-web/dist/';

/**
 * Where onnxruntime-web's wasm comes from (too large to inline into ui.html): the harness's copy of the
 * installed package when this window is served by the harness (one HEAD request for the pinned .wasm
 * decides), else the pinned release of the exact installed version on jsDelivr (`ORT_CDN_BASE`, allowed in
 * manifest.json's networkAccess). Either way the bytes must match the pinned sha256 (`loadOrtWasm`).
 */
export async function ortWasmBaseAsync(base: string = document.baseURI, fetchImpl: typeof fetch = fetch): Promise<string> {
  const local = resolvedUrl(HARNESS_ORT_DIST, base);
  if (local !== null) {
    try {
      const response = await fetchImpl(`${local}${ORT_WASM.default.path}`, { method: 'HEAD' });
      if (response.ok) return local;
    } catch {
      // Not the harness.
    }
  }
  return ORT_CDN_BASE;
}

/**
 * The engine's `assets`: ORT's wasm as verified bytes (`wasmBinary`), so ORT fetches nothing itself — what
 * works from Figma's null-origin iframe. A file that is not the pinned build is refused with a clear message.
 */
export async function ortAssetsAsync(options: { cache?: BundleCache; signal?: AbortSignal; base?: string; fetch?: typeof fetch } = {}): Promise<OrtAssets> {
  const fetchImpl = options.fetch ?? fetch;
  const baseUrl = await ortWasmBaseAsync(options.base, fetchImpl);
  const { wasmBinary } = await loadOrtWasm({
    baseUrl,
    fetch: fetchImpl,
    ...(options.cache && { cache: options.cache }),
    ...(options.signal && { signal: options.signal }),
  });
  return { wasmBinary };
}
