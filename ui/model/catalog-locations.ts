import { bundleCatalog, type CatalogEntry, type CatalogLocations } from '../../models/bundle/catalog.js';

/** Where the harness serves its generated tiny bundle, relative to the page (test/harness/serve.mjs). */
export const HARNESS_TINY_BUNDLE = 'tiny-bundle/';

/**
 * The catalog's locations for this window. Only the tiny test bundle has one, and only where it is served
 * (the harness): one HEAD request for its powerpaint.json decides. The full bundles get a location when a
 * build is given one; until then the panel lists them disabled, with the catalog's reason.
 */
export async function catalogLocationsAsync(base: string = document.baseURI, fetchImpl: typeof fetch = fetch): Promise<CatalogLocations> {
  const tiny = resolvedUrl(HARNESS_TINY_BUNDLE, base);
  if (tiny === null) return {};
  try {
    const response = await fetchImpl(new URL('powerpaint.json', tiny).href, { method: 'HEAD' });
    return response.ok ? { tiny } : {};
  } catch {
    return {}; // Not served here.
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
