import { EngineError } from '../engine/errors.js';

/**
 * Where a download's bytes go as they arrive: a cache entry on disk, or one preallocated array.
 * The downloader writes each chunk once, in order; `close` runs only after the file's sha256 matched,
 * so a sink never makes a damaged file visible.
 */
export interface FileSink<T = void> {
  /**
   * Bytes an earlier session already stored (OPFS keeps partial downloads): the downloader hashes
   * them, then asks the origin for the rest.
   */
  readonly existing?: { bytes: number; stream(): ReadableStream<Uint8Array> };
  write(chunk: Uint8Array): Promise<void> | void;
  /** The file is complete and verified: make it readable. */
  close(): Promise<T>;
  /**
   * The download stopped. `keepPartial`: it may resume later (cancelled, connection gave up), so keep
   * what was written if the sink can; otherwise (damaged bytes) throw it away.
   */
  abort(keepPartial: boolean): Promise<void>;
}

/** One array of exactly the file's size, filled in place: a large file is never held twice. */
export function memorySink(bytes: number, path: string): FileSink<Uint8Array> {
  const data = new Uint8Array(bytes);
  let at = 0;
  return {
    write(chunk) {
      if (at + chunk.byteLength > bytes) {
        throw new EngineError('corrupt-bundle', `${path} is longer than the ${bytes} bytes the manifest says.`);
      }
      data.set(chunk, at);
      at += chunk.byteLength;
    },
    close: async () => data,
    abort: async () => undefined,
  };
}

/** Discards bytes: for hashing a file without keeping it (bundle:check). */
export function discardSink(): FileSink<void> {
  return { write: () => undefined, close: async () => undefined, abort: async () => undefined };
}
