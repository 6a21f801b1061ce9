import { EngineError } from '../engine/errors.js';
import { noCache, type BundleCache, type CacheKind } from './bundle-cache.js';
import { missingFile, parsePythonJson, type BundleSource } from './bundle-source.js';
import { describe, originFromSource, originFromUrl, TransientError, type ByteOrigin } from './byte-origin.js';
import { downloadFile, sleepFor, type RetryOptions } from './download-file.js';
import { memorySink } from './file-sink.js';
import { bundleFromFolder, type FolderFile, type PickedFiles } from './folder-source.js';
import { MANIFEST_PATH, manifestBytes, parseManifest, type BundleFile, type BundleManifest } from './manifest.js';
import { Throughput } from './throughput.js';
import { sha256Hex } from './verify-file.js';

/** A base URL, a picked folder (FileList or FolderFile[]), any BundleSource, or a ByteOrigin. */
export type BundleFrom = string | URL | PickedFiles | readonly FolderFile[] | BundleSource | ByteOrigin;

export interface BundleProgress {
  /**
   * manifest: reading powerpaint.json (a Hub repo: its file list and configs); cached: a file was
   * found in the cache; downloading: bytes are arriving (also when an engine reads an uncached file);
   * stalled: no byte for `quiet.silentMs`, the connection is dropped and tried again in `quiet.dropInMs`;
   * retrying: a try failed, the next starts in `retry.delayMs`; ready: every file is in the cache (or,
   * without a cache, reachable). While stalled or retrying there is no time left to give.
   */
  phase: 'manifest' | 'cached' | 'downloading' | 'stalled' | 'retrying' | 'ready';
  path?: string;
  /** Bundle-wide bytes held so far (cached files count) and in all. */
  loadedBytes: number;
  totalBytes: number;
  fileLoadedBytes?: number;
  fileTotalBytes?: number;
  /** Over the last few seconds; absent until measurable. */
  bytesPerSecond?: number;
  etaMs?: number;
  retry?: { attempt: number; delayMs: number; reason: string };
  quiet?: { silentMs: number; dropInMs: number };
}

export interface LoadBundleOptions {
  from: BundleFrom;
  /** From `openBundleCache()`; default none (files stream each time they are read). */
  cache?: BundleCache;
  onProgress?: (progress: BundleProgress) => void;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** The catalog's pin: refuse a manifest with another sha256. */
  manifestSha256?: string;
  fetch?: typeof fetch;
  /** Tests: waits between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LoadedBundle {
  /**
   * Reads verified bytes: from the cache when it holds the file, else from the origin with the sha256
   * checked while streaming. Give it to `PowerPaintEngine.load(source, { verify: false })`: checking
   * again would only hash 2 GB a second time.
   */
  source: BundleSource;
  manifest: BundleManifest;
  manifestSha256: string;
  cache: CacheKind;
  /** Paths found in the cache (no network). */
  fromCache: string[];
  /** Paths downloaded into the cache by this call. */
  downloaded: string[];
  /** Without a cache: paths streamed (and verified) when the engine reads them. */
  deferred: string[];
  /** The origin could not be reached; the manifest is the one cached at the last load. */
  offline?: string;
}

const SMALL_FILE_BYTES = 4 << 20;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Gets a bundle ready to load: reads and validates its manifest, then hands its files to `loadFiles`.
 * With a persistent cache the second call reads nothing from the network but the manifest (and not
 * even that when the origin is unreachable).
 */
export async function loadBundle(options: LoadBundleOptions): Promise<LoadedBundle> {
  const origin = toOrigin(options.from, options.fetch);
  const cache = options.cache ?? noCache('none was given');
  const download = { retry: options.retry, sleep: options.sleep ?? sleepFor, signal: options.signal };

  options.onProgress?.({ phase: 'manifest', loadedBytes: 0, totalBytes: 0 });
  const refKey = `manifest:${origin.label}`;
  let manifestText: string;
  let offline: string | undefined;
  try {
    manifestText = new TextDecoder().decode(await readSmallFile(origin, MANIFEST_PATH, download));
  } catch (error) {
    const cached = error instanceof EngineError && error.code === 'cancelled' ? undefined : await cache.readRef(refKey).catch(() => undefined);
    if (cached === undefined) throw error;
    manifestText = cached;
    offline = `${origin.label} could not be reached (${describe(error)}); using the manifest cached at the last load.`;
  }
  const manifestRaw = new TextEncoder().encode(manifestText);
  const manifestSha256 = await sha256Hex(manifestRaw);
  if (options.manifestSha256 && options.manifestSha256 !== manifestSha256) {
    throw new EngineError(
      'bundle-mismatch',
      `powerpaint.json at ${origin.label} is not the pinned version (sha256 ${manifestSha256.slice(0, 12)}…, expected ${options.manifestSha256.slice(0, 12)}…). Update the catalog or the bundle URL.`,
    );
  }
  let json: unknown;
  try {
    json = parsePythonJson(manifestText);
  } catch (cause) {
    throw new EngineError('corrupt-bundle', `powerpaint.json in ${origin.label} is not valid JSON. Re-download the bundle.`, { cause });
  }
  const manifest = parseManifest(json, origin.label);
  if (!offline) await cache.writeRef(refKey, manifestText).catch(() => undefined);

  const files = await loadFiles({ ...options, origin, files: manifest.files, cache });
  const source: BundleSource = {
    label: files.source.label,
    listing: [{ path: MANIFEST_PATH, bytes: manifestRaw.length, sha256: manifestSha256 }, ...manifest.files],
    read: async (path) => (path === MANIFEST_PATH ? manifestRaw : files.source.read(path)),
  };
  return { ...files, source, manifest, manifestSha256, ...(offline ? { offline } : {}) };
}

export interface LoadFilesOptions {
  origin: ByteOrigin;
  /** Every file the source will serve, with the sha256 each must have. */
  files: BundleFile[];
  cache: BundleCache;
  onProgress?: ((progress: BundleProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  retry?: RetryOptions | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** What `loadFiles` did, and the source that reads the files it vouches for. */
export type LoadedFiles = Pick<LoadedBundle, 'source' | 'cache' | 'fromCache' | 'downloaded' | 'deferred'>;

/**
 * Downloads every file the cache lacks (streamed, sha256-checked on the way, resumed and retried), one
 * at a time so memory holds a few chunks, never a file, and returns a source that reads them verified.
 * Without a cache nothing is downloaded ahead: the source streams each file when the engine asks for it.
 * Shared by a bundle (files from its manifest) and a Hugging Face repo (files from the Hub's listing).
 */
export async function loadFiles(options: LoadFilesOptions): Promise<LoadedFiles> {
  const { origin, cache } = options;
  const emit = progressEmitter(options.onProgress);
  const download = { retry: options.retry, sleep: options.sleep ?? sleepFor, signal: options.signal };
  const totalBytes = manifestBytes(options);
  const done = new Map<string, number>();
  const loadedBytes = () => [...done.values()].reduce((a, b) => a + b, 0);
  const fetchFile = async <T>(entry: BundleFile, sink: Parameters<typeof downloadFile<T>>[0]['sink']): Promise<T> => {
    const meter = new Throughput();
    const report = (phase: BundleProgress['phase'], loaded: number, force: boolean, why: Pick<BundleProgress, 'retry' | 'quiet'> = {}) => {
      done.set(entry.path, loaded);
      meter.record(loadedBytes());
      const remaining = totalBytes - loadedBytes();
      const flowing = phase === 'downloading';
      emit(
        {
          phase,
          path: entry.path,
          loadedBytes: loadedBytes(),
          totalBytes,
          fileLoadedBytes: loaded,
          fileTotalBytes: entry.bytes,
          ...(flowing ? defined('bytesPerSecond', meter.bytesPerSecond) : {}),
          ...(flowing ? defined('etaMs', meter.etaMs(remaining)) : {}),
          ...why,
        },
        force,
      );
    };
    report('downloading', 0, true);
    try {
      return await downloadFile({
        origin,
        entry,
        sink,
        ...download,
        onBytes: (loaded) => report('downloading', loaded, loaded === entry.bytes),
        onRetry: ({ attempt, delayMs, reason, loaded }) => report('retrying', loaded, true, { retry: { attempt, delayMs, reason } }),
        onQuiet: ({ silentMs, dropInMs, loaded }) => report('stalled', loaded, true, { quiet: { silentMs, dropInMs } }),
      });
    } catch (error) {
      throw explainStorageError(error, entry, cache);
    }
  };

  const fromCache: string[] = [];
  const downloaded: string[] = [];
  const deferred: string[] = [];
  for (const entry of options.files) {
    if (options.signal?.aborted) throw new EngineError('cancelled', 'Loading the bundle was cancelled.');
    if (cache.kind === 'none') {
      deferred.push(entry.path);
    } else if (await cache.has(entry)) {
      fromCache.push(entry.path);
      done.set(entry.path, entry.bytes);
      emit({ phase: 'cached', path: entry.path, loadedBytes: loadedBytes(), totalBytes }, true);
    } else {
      await fetchFile(entry, await cache.createWriter(entry));
      downloaded.push(entry.path);
    }
  }
  emit({ phase: 'ready', loadedBytes: cache.kind === 'none' ? 0 : totalBytes, totalBytes }, true);

  const byPath = new Map(options.files.map((file) => [file.path, file]));
  const small = new Map<string, Uint8Array>();
  const source: BundleSource = {
    label: origin.label,
    listing: options.files,
    async read(path) {
      const entry = byPath.get(path);
      if (!entry) throw missingFile(this, path);
      const cached = small.get(path) ?? (await cache.read(entry));
      if (cached) return cached;
      if (cache.kind !== 'none') {
        // Evicted since loadFiles (storage pressure, a Clear meanwhile): fetch it again into the cache.
        await fetchFile(entry, await cache.createWriter(entry));
        const bytes = await cache.read(entry);
        if (bytes) return bytes;
      }
      // No cache: one array of the file's size, handed over and not kept (small JSON files are kept).
      const bytes = await fetchFile(entry, memorySink(entry.bytes, path));
      if (entry.bytes <= SMALL_FILE_BYTES) small.set(path, bytes);
      return bytes;
    },
  };
  return { source, cache: cache.kind, fromCache, downloaded, deferred };
}

/** How much of a bundle a cache holds: for "1.2 of 2.1 GB downloaded" before anything starts. */
export async function cachedPart(manifest: BundleManifest, cache: BundleCache): Promise<{ cachedBytes: number; totalBytes: number; missing: BundleFile[] }> {
  const missing: BundleFile[] = [];
  let cachedBytes = 0;
  for (const file of manifest.files) {
    if (await cache.has(file)) cachedBytes += file.bytes;
    else missing.push(file);
  }
  return { cachedBytes, totalBytes: manifestBytes(manifest), missing };
}

/** Removes one bundle's files from a cache (files another cached bundle shares go too). */
export async function forgetBundle(manifest: Pick<BundleManifest, 'files'>, cache: BundleCache): Promise<void> {
  for (const file of manifest.files) await cache.delete(file.sha256);
}

export function toOrigin(from: BundleFrom, fetchImpl?: typeof fetch): ByteOrigin {
  if (typeof from === 'string' || from instanceof URL) return originFromUrl(String(from), fetchImpl);
  if ('open' in from && typeof from.open === 'function') return from as ByteOrigin;
  if ('read' in from && typeof from.read === 'function') return originFromSource(from as BundleSource);
  return bundleFromFolder(from as PickedFiles | readonly FolderFile[]);
}

/** A small file (a manifest, a config) read whole, with two retries; errors say what to check. */
export async function readSmallFile(
  origin: ByteOrigin,
  path: string,
  options: { retry?: RetryOptions | undefined; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; signal?: AbortSignal | undefined },
): Promise<Uint8Array> {
  const retries = Math.min(2, options.retry?.retries ?? 2);
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      const { start, body } = await origin.open(path, 0, controller.signal);
      if (start !== 0) throw new TransientError(`the host sent ${path} from byte ${start}`);
      return new Uint8Array(await new Response(body).arrayBuffer());
    } catch (error) {
      if (options.signal?.aborted) throw new EngineError('cancelled', 'Loading the bundle was cancelled.');
      const transient = error instanceof TransientError || (error instanceof TypeError && !(error instanceof EngineError));
      if (!transient || attempt >= retries) {
        if (error instanceof EngineError) throw error;
        throw new EngineError('missing-file', `Could not read ${path} from ${origin.label} (${describe(error)}). Check the connection and the bundle URL.`, { cause: error });
      }
      await options.sleep((options.retry?.baseDelayMs ?? 500) * 2 ** attempt, options.signal).catch(() => undefined);
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  }
}

function explainStorageError(error: unknown, entry: BundleFile, cache: BundleCache): unknown {
  if ((error as { name?: string })?.name !== 'QuotaExceededError') return error;
  return new EngineError(
    'missing-file',
    `There is not enough storage to keep ${entry.path} (${(entry.bytes / 1e9).toFixed(2)} GB) in ${cache.description}. ` +
      'Free disk space or clear older models, or load the bundle from a folder instead.',
    { cause: error },
  );
}

function progressEmitter(onProgress: ((p: BundleProgress) => void) | undefined) {
  let last = -Infinity;
  return (progress: BundleProgress, force: boolean) => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    onProgress(progress);
  };
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
