import { bundleCatalog, type CatalogEntry, type CatalogLocations } from '../../models/bundle/catalog.js';

/** Where the harness serves its generated tiny bundle, relative to the page (test/harness/serve.mjs). */
export const HARNESS_TINY_BUNDLE = 'tiny-bundle/';
/** Where the harness says which Hub endpoint its local stand-in answers on: `{ "endpoint": "http://…" }`. */
export const HARNESS_HUB_ENDPOINT = 'hub-endpoint.json';

/**
 * The catalog's locations for this window. The Hub is huggingface.co, except in the harness, which serves a
 * local stand-in and says so at `hub-endpoint.json`; the tiny test bundle only where the harness serves it.
 * A window with no http(s) base (Figma's srcdoc) asks nothing.
 */
export async function catalogLocationsAsync(base: string = document.baseURI, fetchImpl: typeof fetch = fetch): Promise<CatalogLocations> {
  const tiny = resolvedUrl(HARNESS_TINY_BUNDLE, base);
  const hub = resolvedUrl(HARNESS_HUB_ENDPOINT, base);
  if (tiny === null || hub === null) return {};
  const [tinyServed, hubEndpoint] = await Promise.all([
    answers(fetchImpl, new URL('powerpaint.json', tiny).href),
    harnessHubEndpoint(fetchImpl, hub),
  ]);
  return { ...(tinyServed && { tiny }), ...(hubEndpoint && { hubEndpoint }) };
}

async function answers(fetchImpl: typeof fetch, url: string): Promise<boolean> {
  try {
    return (await fetchImpl(url, { method: 'HEAD' })).ok;
  } catch {
    return false; // Not served here.
  }
}

async function harnessHubEndpoint(fetchImpl: typeof fetch, url: string): Promise<string | undefined> {
  try {
    const response = await fetchImpl(url);
    if (!response.ok) return undefined;
    const { endpoint } = (await response.json()) as { endpoint?: unknown };
    return typeof endpoint === 'string' && /^https?:\/\//.test(endpoint) ? endpoint : undefined;
  } catch {
    return undefined;
  }
}

/** The model panel's list: every bundle of models/bundle's catalog, hosted where this window can reach it. */
export async function panelCatalogAsync(base?: string, fetchImpl?: typeof fetch): Promise<CatalogEntry[]> {
  return bundleCatalog(await catalogLocationsAsync(base, fetchImpl));
}

/** `path` against `base` when that gives an http(s) URL (a srcdoc window inherits its parent's base URL). */
export function resolvedUrl(path: string, base: string): string | null {
  try {
    const url = new URL(path, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
