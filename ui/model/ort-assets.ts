import type { OrtAssets } from '../../models/runtime/ort-environment.js';

/** onnxruntime-web's version this UI is built with; its own .wasm/.mjs must match it exactly. */
export const ORT_VERSION = '1.30.0';

/**
 * Where onnxruntime-web loads its wasm and worker files from (they are too large to inline into
 * ui.html). The harness serves the installed package under /repo/ with CORS; elsewhere (Figma) the
 * pinned release on jsDelivr.
 * TODO(lead): jsDelivr must be in manifest.json's networkAccess.allowedDomains, or host these files beside the bundle.
 */
export async function ortAssetsAsync(fetchImpl: typeof fetch = fetch): Promise<OrtAssets> {
  const local = new URL('repo/node_modules/onnxruntime-web/dist/', document.baseURI).href;
  if (/^https?:/.test(local)) {
    try {
      const response = await fetchImpl(`${local}ort-wasm-simd-threaded.jsep.mjs`, { method: 'HEAD' });
      if (response.ok) return { wasmPaths: local };
    } catch {
      // Not the harness.
    }
  }
  return { wasmPaths: `https://cdn.jsdelivr.net/npm/onnxruntime-web@${ORT_VERSION}/dist/` };
}
