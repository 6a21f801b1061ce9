import { EngineError } from '../engine/errors.js';
import { missingFile, type BundleSource } from './bundle-source.js';

/**
 * Where a bundle's bytes come from, as streams that can start part-way into a file: an https base URL
 * (HTTP Range), a picked folder (Blob.slice) or any in-memory `BundleSource`. The downloader
 * (download-file.ts) hashes, stores, resumes and retries on top of this; an origin only opens streams
 * and says which failures a retry may fix (`TransientError`).
 */
export interface ByteOrigin {
  /** For messages: the base URL, the folder name. */
  readonly label: string;
  /** Streams `path` from byte `offset` on. */
  open(path: string, offset: number, signal: AbortSignal): Promise<OpenedBody>;
}

export interface OpenedBody {
  /** Where `body` starts in the file: the requested offset, or 0 when a server ignored the Range. */
  start: number;
  body: ReadableStream<Uint8Array>;
}

/** A failure worth another try: a dropped connection, a 5xx, a 429, a stalled body. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(
    message: string,
    /** From a Retry-After header: wait at least this long. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** HTTP 416: the server has no bytes at that offset (the file there is no longer than the offset). */
export class RangeNotSatisfiableError extends Error {
  override readonly name = 'RangeNotSatisfiableError';
}

export interface UrlOriginOptions {
  /** For messages; default the base URL. */
  label?: string;
  /** Sent with every request, e.g. a Hub token's Authorization (never part of a message). */
  headers?: Record<string, string>;
  /** The error for a refusal (4xx) this host explains better than its status, or undefined. */
  explainRefusal?: (response: Response, path: string) => Error | undefined;
}

/**
 * An https (or http) base URL: Hugging Face `…/resolve/<rev>/` URLs or any static host with
 * `Access-Control-Allow-Origin` (a null-origin iframe needs `*`). Resumes with `Range: bytes=N-`, which
 * browsers send without a CORS preflight; a 206 is trusted to start at N even when the host does not
 * expose Content-Range to scripts.
 */
export function originFromUrl(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args), options: UrlOriginOptions = {}): ByteOrigin {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const label = options.label ?? base;
  return {
    label,
    async open(path, offset, signal) {
      const url = new URL(path, base).href;
      const headers = { ...options.headers, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) };
      let response: Response;
      try {
        response = await fetchImpl(url, { signal, headers, cache: 'no-store' });
      } catch (cause) {
        if (signal.aborted) throw cause;
        throw new TransientError(`could not reach ${url} (${describe(cause)})`, undefined, { cause });
      }
      if (response.status === 416) {
        await response.body?.cancel().catch(() => undefined);
        throw new RangeNotSatisfiableError(`${url} has no bytes from ${offset} on (HTTP 416)`);
      }
      if (response.status === 206) return { start: rangeStart(response) ?? offset, body: bodyOf(response, url) };
      if (response.status === 200) return { start: 0, body: bodyOf(response, url) };
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new TransientError(`${url} answered HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
      }
      const explained = options.explainRefusal?.(response, path);
      if (explained) throw explained;
      if (response.status === 401 || response.status === 403) {
        throw new EngineError(
          'missing-file',
          `${url} answered HTTP ${response.status}: the host refused the download. A gated or private Hugging Face repository needs a public mirror; check the bundle URL.`,
        );
      }
      throw missingFile({ label, read: () => Promise.reject(new Error('unused')) }, `${path} (HTTP ${response.status})`);
    },
  };
}

/** Any BundleSource (e.g. `bundleFromFiles` over the tiny test bundle): one read, then slices of it. */
export function originFromSource(source: BundleSource): ByteOrigin {
  return {
    label: source.label,
    async open(path, offset) {
      const bytes = await source.read(path);
      if (offset > 0 && offset >= bytes.byteLength) throw new RangeNotSatisfiableError(`${path} has ${bytes.byteLength} bytes`);
      return { start: offset, body: streamOf(bytes.subarray(Math.min(offset, bytes.byteLength))) };
    },
  };
}

/** A stream over bytes already in memory, in 1 MiB views (no copies). */
export function streamOf(bytes: Uint8Array, chunk = 1 << 20): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(at, Math.min(bytes.byteLength, at + chunk)));
      at += chunk;
    },
  });
}

function bodyOf(response: Response, url: string): ReadableStream<Uint8Array> {
  if (!response.body) throw new TransientError(`${url} answered without a body`);
  return response.body;
}

function rangeStart(response: Response): number | undefined {
  // Readable only when the host exposes it (Access-Control-Expose-Headers); a 206 to `bytes=N-` starts at N.
  const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const inner = cause instanceof Error && cause.message !== error.message ? `: ${cause.message}` : '';
    return `${error.message}${inner}`;
  }
  return String(error);
}
