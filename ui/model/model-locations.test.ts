/** Where the model panel finds bundles and where onnxruntime-web's wasm comes from, harness or Figma. */
import { describe, expect, it } from 'vitest';
import { ORT_CDN_BASE, ORT_VERSION, ORT_WASM } from '../../models/bundle/ort-assets.js';
import { catalogLocationsAsync, panelCatalogAsync } from './catalog-locations.js';
import { ortAssetsAsync, ortWasmBaseAsync } from './ort-assets.js';

const HARNESS = 'http://localhost:5174/';

/** A fetch that answers 200 for the listed URLs (HEAD or GET) and 404 for anything else, and logs requests. */
function fakeFetch(found: Record<string, Uint8Array<ArrayBuffer> | null>) {
  const requests: string[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (!(url in found)) return new Response('not found', { status: 404 });
    const bytes = found[url];
    return new Response(init?.method === 'HEAD' || !bytes ? null : bytes, { status: 200, headers: bytes ? { 'Content-Length': String(bytes.byteLength) } : {} });
  }) as typeof fetch;
  return { impl, requests };
}

describe('ORT wasm location', () => {
  it('is the harness copy of the installed package when the harness serves it', async () => {
    const local = `${HARNESS}repo/node_modules/onnxruntime-web/dist/`;
    const { impl, requests } = fakeFetch({ [`${local}${ORT_WASM.default.path}`]: null });
    expect(await ortWasmBaseAsync(HARNESS, impl)).toBe(local);
    expect(requests).toEqual([`HEAD ${local}ort-wasm-simd-threaded.jsep.wasm`]);
  });

  it('is the pinned CDN URL of the installed version anywhere else', async () => {
    expect(ORT_CDN_BASE).toBe(`https://cdn.jsdelivr.net/npm/onnxruntime-web@${ORT_VERSION}/dist/`);
    // A page that does not serve it (Figma's own origin answers 404) …
    expect(await ortWasmBaseAsync('https://www.figma.com/file/abc', fakeFetch({}).impl)).toBe(ORT_CDN_BASE);
    // … a fetch that fails (blocked by networkAccess) …
    const blocked = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await ortWasmBaseAsync(HARNESS, blocked)).toBe(ORT_CDN_BASE);
    // … and a srcdoc window with no http base, which asks nothing.
    const { impl, requests } = fakeFetch({});
    expect(await ortWasmBaseAsync('about:srcdoc', impl)).toBe(ORT_CDN_BASE);
    expect(requests).toEqual([]);
  });

  it('refuses a wasm that is not the pinned build, saying which file and version', async () => {
    const wrong = new Uint8Array(ORT_WASM.default.bytes); // the right size, the wrong bytes
    const { impl, requests } = fakeFetch({ [`${ORT_CDN_BASE}${ORT_WASM.default.path}`]: wrong });
    await expect(ortAssetsAsync({ base: 'about:srcdoc', fetch: impl })).rejects.toThrow(
      new RegExp(`onnxruntime-web's ort-wasm-simd-threaded\\.jsep\\.wasm from .*cdn\\.jsdelivr\\.net.* is not the pinned ${ORT_VERSION.replace(/\./g, '\\.')} build .*sha256`),
    );
    expect(requests.some((r) => r.startsWith(`GET ${ORT_CDN_BASE}`))).toBe(true);
  });
});

describe('the model panel catalog', () => {
  it('has the Hub entries everywhere; the harness adds its tiny bundle and points the Hub at its stand-in', async () => {
    const stand = 'http://127.0.0.1:7070';
    const found = { [`${HARNESS}tiny-bundle/powerpaint.json`]: null, [`${HARNESS}hub-endpoint.json`]: new TextEncoder().encode(JSON.stringify({ endpoint: stand })) };
    const { impl, requests } = fakeFetch(found);
    expect(await catalogLocationsAsync(HARNESS, impl)).toEqual({ tiny: `${HARNESS}tiny-bundle/`, hubEndpoint: stand });
    expect(requests.sort()).toEqual([`GET ${HARNESS}hub-endpoint.json`, `HEAD ${HARNESS}tiny-bundle/powerpaint.json`]);

    const entries = await panelCatalogAsync(HARNESS, fakeFetch(found).impl);
    expect(entries.map((e) => [e.id, e.source?.kind ?? null])).toEqual([
      ['powerpaint-v1', 'hub'],
      ['sd15-inpainting', 'hub'],
      ['hub-repo', 'hub-any'],
      ['tiny', 'url'],
    ]);
    expect(entries.slice(0, 3).every((e) => e.source && 'endpoint' in e.source && e.source.endpoint === stand)).toBe(true);

    // Figma's window (or any page that serves neither): huggingface.co, no tiny bundle, no requests from srcdoc.
    const elsewhere = await panelCatalogAsync('https://www.figma.com/file/abc', fakeFetch({}).impl);
    expect(elsewhere.slice(0, 3).every((e) => e.source && 'endpoint' in e.source && e.source.endpoint === 'https://huggingface.co')).toBe(true);
    expect(elsewhere[3]!.source).toBeUndefined();
    const srcdoc = fakeFetch({});
    expect(await catalogLocationsAsync('about:srcdoc', srcdoc.impl)).toEqual({});
    expect(srcdoc.requests).toEqual([]);
  });

  it('ignores a hub-endpoint.json that does not name an http(s) endpoint', async () => {
    const { impl } = fakeFetch({ [`${HARNESS}hub-endpoint.json`]: new TextEncoder().encode(JSON.stringify({ endpoint: 'javascript:alert(1)' })) });
    expect(await catalogLocationsAsync(HARNESS, impl)).toEqual({});
  });
});
