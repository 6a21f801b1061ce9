/**
 * Bundles the model panel offers by name. Kept here, apart from the download code, until
 * models/bundle has a catalog of its own (issue #9); the panel only reads `CATALOG`.
 */
export interface CatalogEntry {
  id: string;
  name: string;
  /** Base URL of the bundle folder; relative URLs resolve against the page (the harness serves the tiny one). */
  url: string;
  /** Download size, for the panel before the manifest is read. */
  approxBytes: number;
  note: string;
  /** Only listed where its manifest answers (the harness's generated test bundle). */
  probe?: boolean;
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'tiny-test',
    name: 'Tiny test bundle',
    url: 'tiny-bundle/',
    approxBytes: 200_000,
    note: 'A few-kilobyte model with PowerPaint’s inputs and outputs: it runs every task instantly but paints noise. For checking the plugin.',
    probe: true,
  },
];

/** The entry's absolute URL, resolved against the page (a srcdoc window inherits its parent's base URL). */
export function catalogUrl(entry: CatalogEntry, base = document.baseURI): string {
  return new URL(entry.url, base).href;
}

/** The entries this window can reach (probe entries are checked with one small request). */
export async function availableCatalogAsync(fetchImpl: typeof fetch = fetch): Promise<CatalogEntry[]> {
  const found: CatalogEntry[] = [];
  for (const entry of CATALOG) {
    if (!entry.probe) {
      found.push(entry);
      continue;
    }
    try {
      const response = await fetchImpl(new URL('powerpaint.json', catalogUrl(entry)).href, { method: 'HEAD' });
      if (response.ok) found.push(entry);
    } catch {
      // Not served here.
    }
  }
  return found;
}
