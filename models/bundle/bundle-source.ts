import { EngineError } from '../engine/errors.js';

/** Where a bundle's files come from: a URL base, a picked folder, an in-memory map. */
export interface BundleSource {
  /** A short description for messages, e.g. the base URL or folder name. */
  readonly label: string;
  read(path: string): Promise<Uint8Array>;
  /**
   * The files there are, when the source knows them (a picked folder, a Hub listing), with their sha256
   * where the publisher gave one: lets a reader choose between files without probing for each.
   */
  readonly listing?: readonly SourceFile[];
}

export interface SourceFile {
  path: string;
  bytes: number;
  sha256?: string;
}

export function missingFile(source: BundleSource, path: string, cause?: unknown): EngineError {
  return new EngineError(
    'missing-file',
    `The model bundle at ${source.label} has no file ${path}. Re-download the bundle or pick a complete bundle folder.`,
    { cause },
  );
}

export function bundleFromFiles(files: ReadonlyMap<string, Uint8Array>, label = 'memory'): BundleSource {
  return {
    label,
    async read(path) {
      const bytes = files.get(path);
      if (!bytes) throw missingFile(this, path);
      return bytes;
    },
  };
}

export function bundleFromUrl(baseUrl: string, fetchImpl: typeof fetch = fetch): BundleSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    label: base,
    async read(path) {
      let response: Response;
      try {
        response = await fetchImpl(new URL(path, base).href);
      } catch (cause) {
        throw new EngineError('missing-file', `Could not reach ${base}${path}. Check the connection and the bundle URL.`, { cause });
      }
      if (!response.ok) throw missingFile(this, `${path} (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export async function readJson(source: BundleSource, path: string): Promise<unknown> {
  const bytes = await source.read(path);
  try {
    return parsePythonJson(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new EngineError('corrupt-bundle', `${path} in ${source.label} is not valid JSON. Re-download the bundle.`, { cause });
  }
}

/**
 * JSON as Python's json module writes it: diffusers saves e.g. `"lambda_min_clipped": -Infinity`,
 * which JSON.parse rejects. 1e999 parses to Infinity; NaN has no JSON spelling, so it becomes null.
 */
export function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?)Infinity\b/g, '$1$21e999').replace(/([:[,]\s*)NaN\b/g, '$1null'));
}

/** Whether a source has a file: from its listing when it has one, else by reading it (small files only). */
export async function sourceHas(source: BundleSource, path: string): Promise<boolean> {
  if (source.listing) return source.listing.some((file) => file.path === path);
  try {
    await source.read(path);
    return true;
  } catch (error) {
    if (error instanceof EngineError && error.code === 'missing-file') return false;
    throw error;
  }
}

/** A JSON file the source may lack (a config Optimum or diffusers sometimes omits). */
export async function readOptionalJson(source: BundleSource, path: string): Promise<Record<string, unknown> | undefined> {
  return (await sourceHas(source, path)) ? ((await readJson(source, path)) as Record<string, unknown>) : undefined;
}
