import { EngineError } from '../engine/errors.js';
import { describe, RangeNotSatisfiableError, TransientError, type ByteOrigin } from './byte-origin.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';
import { createSha256Stream, type Sha256Stream } from './sha256-stream.js';

export interface RetryOptions {
  /** Consecutive failed tries (without a byte of progress) before giving up. Default 6. */
  retries?: number;
  /** First wait; doubles each failure, up to maxDelayMs, with ±25% jitter. Default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A try that receives nothing for this long is dropped and retried. Default 30 s. */
  stallTimeoutMs?: number;
}

export interface DownloadEvents {
  /** Bytes of this file held so far (resumed bytes included); called per chunk. */
  onBytes?: (loaded: number) => void;
  /** A try failed and another follows after `delayMs`. */
  onRetry?: (retry: { attempt: number; delayMs: number; reason: string; loaded: number }) => void;
  /**
   * No byte has come for `silentMs` (every 5 s of silence until the stall timeout drops the connection, in
   * `dropInMs`): the person sees the wait instead of a time left that no longer moves.
   */
  onQuiet?: (quiet: { silentMs: number; dropInMs: number; loaded: number }) => void;
}

export interface DownloadFileOptions<T> extends DownloadEvents {
  origin: ByteOrigin;
  entry: BundleFile;
  sink: FileSink<T>;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Waits between tries; tests pass a fake. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const DEFAULT_RETRY: Required<RetryOptions> = { retries: 6, baseDelayMs: 500, maxDelayMs: 30_000, stallTimeoutMs: 30_000 };

/** How often a silent connection is reported while the stall timeout runs. */
const QUIET_REPORT_MS = 5000;

/**
 * Streams one bundle file from its origin into a sink, hashing each chunk as it passes (sha256 is known
 * the moment the last byte lands; nothing is read twice). A dropped or stalled connection, a 5xx or a
 * 429 is retried with exponential backoff, resuming with `Range: bytes=N-` where the last try stopped;
 * a host that ignores Range (200) has the bytes already held skipped, not stored twice. A size or hash
 * mismatch throws EngineError('corrupt-bundle') and the sink throws the bytes away.
 */
export async function downloadFile<T>(options: DownloadFileOptions<T>): Promise<T> {
  const { origin, entry, sink, signal } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  const hash = await createSha256Stream();
  const progress = { loaded: 0 };
  let failures = 0;

  try {
    if (sink.existing && sink.existing.bytes > 0) {
      progress.loaded = await hashExisting(sink.existing, hash, entry, options.onBytes, signal);
    }
    for (let first = true; (first && progress.loaded === 0) || progress.loaded < entry.bytes; first = false) {
      throwIfCancelled(signal, entry);
      const before = progress.loaded;
      try {
        await oneTry(options, hash, progress, retry.stallTimeoutMs);
        if (progress.loaded < entry.bytes) {
          throw new TransientError(`the connection closed after ${progress.loaded} of ${entry.bytes} bytes`);
        }
      } catch (error) {
        const loaded = progress.loaded;
        if (signal?.aborted) throw cancelled(entry);
        if (error instanceof RangeNotSatisfiableError) {
          if (loaded === entry.bytes) break; // every byte arrived; only the end of the last response was lost
          throw new EngineError(
            'corrupt-bundle',
            `${entry.path} at ${origin.label} is shorter than the ${entry.bytes} bytes the manifest says (the host has nothing from byte ${loaded} on): the hosted file does not match the manifest.`,
          );
        }
        if (!(error instanceof TransientError)) throw error;
        if (loaded === entry.bytes) break; // every byte arrived; only the end of the response was lost
        failures = loaded > before ? 1 : failures + 1;
        if (failures > retry.retries) {
          throw new EngineError(
            'missing-file',
            `Downloading ${entry.path} from ${origin.label} failed ${failures} times in a row (${error.message}). ` +
              `Check the connection and try again${loaded > 0 ? `; the ${loaded} bytes already received are kept where the cache allows` : ''}.`,
            { cause: error },
          );
        }
        const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1)) * (0.75 + 0.5 * random());
        const delayMs = Math.max(backoff, error.retryAfterMs ?? 0);
        options.onRetry?.({ attempt: failures, delayMs, reason: error.message, loaded });
        await sleep(delayMs, signal).catch(() => undefined);
      }
    }

    const sha256 = hash.digestHex();
    if (sha256 !== entry.sha256) {
      throw new EngineError(
        'corrupt-bundle',
        `${entry.path} from ${origin.label} failed its sha256 check (expected ${entry.sha256.slice(0, 12)}…, got ${sha256.slice(0, 12)}…): ` +
          'the bytes were damaged on the way or the hosted file differs from the manifest. Nothing was kept; download it again, and if this repeats the hosted bundle is damaged.',
      );
    }
  } catch (error) {
    const damaged = error instanceof EngineError && error.code === 'corrupt-bundle';
    await sink.abort(!damaged).catch(() => undefined);
    throw error;
  }
  return sink.close();
}

/**
 * One request: streams from `progress.loaded` until the body ends. `progress.loaded` counts every byte
 * hashed and stored, also when the try fails part-way (the next one resumes there).
 */
async function oneTry<T>(options: DownloadFileOptions<T>, hash: Sha256Stream, progress: { loaded: number }, stallTimeoutMs: number): Promise<void> {
  const { origin, entry, sink, signal } = options;
  const attempt = new AbortController();
  const stop = () => attempt.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  const reportQuiet = (silentMs: number) => {
    if (silentMs >= stallTimeoutMs) return;
    quietTimer = setTimeout(() => {
      options.onQuiet?.({ silentMs, dropInMs: stallTimeoutMs - silentMs, loaded: progress.loaded });
      reportQuiet(silentMs + QUIET_REPORT_MS);
    }, QUIET_REPORT_MS);
  };
  const watch = () => {
    clearTimeout(timer);
    clearTimeout(quietTimer);
    timer = setTimeout(() => {
      stalled = true;
      attempt.abort();
    }, stallTimeoutMs);
    reportQuiet(QUIET_REPORT_MS);
  };
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    watch();
    const opened = await origin.open(entry.path, progress.loaded, attempt.signal);
    // Bytes before `loaded` are already hashed and stored: a host that sent them again has them skipped.
    let skip = progress.loaded - opened.start;
    if (skip < 0) throw new TransientError(`the host answered from byte ${opened.start}, after the ${progress.loaded} requested`);
    reader = opened.body.getReader();
    for (;;) {
      watch();
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      if (skip > 0) {
        const drop = Math.min(skip, chunk.byteLength);
        skip -= drop;
        chunk = chunk.subarray(drop);
        if (chunk.byteLength === 0) continue;
      }
      if (progress.loaded + chunk.byteLength > entry.bytes) {
        throw new EngineError(
          'corrupt-bundle',
          `${entry.path} at ${origin.label} is longer than the ${entry.bytes} bytes the manifest says: the hosted file does not match the manifest.`,
        );
      }
      hash.update(chunk);
      await sink.write(chunk);
      progress.loaded += chunk.byteLength;
      options.onBytes?.(progress.loaded);
    }
  } catch (error) {
    if (error instanceof EngineError || error instanceof RangeNotSatisfiableError || error instanceof TransientError) throw error;
    if (signal?.aborted) throw cancelled(entry);
    const reason = stalled ? `no data for ${Math.round(stallTimeoutMs / 1000)} s` : `the connection dropped (${describe(error)})`;
    throw new TransientError(`${reason} after ${progress.loaded} of ${entry.bytes} bytes`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    clearTimeout(quietTimer);
    signal?.removeEventListener('abort', stop);
    // Give the connection back; progress made in this try is kept by the caller through `loaded`.
    if (reader) void reader.cancel().catch(() => undefined);
  }
}

async function hashExisting(
  existing: NonNullable<FileSink['existing']>,
  hash: Sha256Stream,
  entry: BundleFile,
  onBytes: ((loaded: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  let loaded = 0;
  const reader = existing.stream().getReader();
  for (;;) {
    throwIfCancelled(signal, entry);
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    loaded += value.byteLength;
    onBytes?.(loaded);
  }
  return loaded;
}

function throwIfCancelled(signal: AbortSignal | undefined, entry: BundleFile): void {
  if (signal?.aborted) throw cancelled(entry);
}

function cancelled(entry: BundleFile): EngineError {
  return new EngineError('cancelled', `The download of ${entry.path} was cancelled.`);
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
