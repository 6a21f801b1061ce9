import { sha256Hex } from './verify-file.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

/** 'disk': a folder on disk (cache-directory.node.ts, Node only). */
export type CacheKind = 'opfs' | 'cache-storage' | 'indexeddb' | 'disk' | 'memory' | 'none';

export interface CachedFile {
  sha256: string;
  bytes: number;
}

/**
 * Verified bundle files kept between sessions, keyed by sha256 (two bundles that share a file share
 * the entry; a changed file is a new entry). Only complete files whose hash matched are readable:
 * writers commit after the downloader's check. Backends: cache-opfs.ts, cache-storage.ts,
 * cache-indexeddb.ts, cache-directory.node.ts (Node), and the two below; `openBundleCache()` picks one this page can use.
 */
export interface BundleCache {
  readonly kind: CacheKind;
  /** Survives a reload (OPFS, Cache Storage, IndexedDB); false for memory and none. */
  readonly persistent: boolean;
  /** One line for the model panel, e.g. "Origin private file system (OPFS)". */
  readonly description: string;
  has(entry: BundleFile): Promise<boolean>;
  /** The whole file as one array (the only copy this cache makes), or undefined if not held. */
  read(entry: BundleFile): Promise<Uint8Array | undefined>;
  /** Where a download of `entry` is written; readable once `close()` resolved. */
  createWriter(entry: BundleFile): Promise<FileSink>;
  /** Small named strings beside the files: the last manifest seen at a bundle URL, for offline starts. */
  readRef(key: string): Promise<string | undefined>;
  writeRef(key: string, value: string): Promise<void>;
  /** Complete files held (partial downloads excluded). */
  list(): Promise<CachedFile[]>;
  delete(sha256: string): Promise<void>;
  /** Every file, partial download and ref: the model panel's "Clear" button. */
  clear(): Promise<void>;
}

/** Bytes and files held: what the model panel shows next to "Clear". */
export async function cacheUsage(cache: BundleCache): Promise<{ files: number; bytes: number }> {
  const files = await cache.list();
  return { files: files.length, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
}

/**
 * Files kept in this page's memory until it closes: tests, and small bundles. A large bundle held
 * here is a second copy beside the engine's, so the UI uses `noCache` instead when nothing persists.
 */
export function memoryCache(): BundleCache {
  const files = new Map<string, Uint8Array>();
  const refs = new Map<string, string>();
  return {
    kind: 'memory',
    persistent: false,
    description: 'memory (lost when the window closes)',
    has: async (entry) => files.get(entry.sha256)?.byteLength === entry.bytes,
    read: async (entry) => {
      const bytes = files.get(entry.sha256);
      return bytes?.byteLength === entry.bytes ? bytes : undefined;
    },
    async createWriter(entry) {
      const data = new Uint8Array(entry.bytes);
      let at = 0;
      return {
        write(chunk) {
          data.set(chunk, at);
          at += chunk.byteLength;
        },
        close: async () => void files.set(entry.sha256, data),
        abort: async () => undefined,
      };
    },
    readRef: async (key) => refs.get(key),
    writeRef: async (key, value) => void refs.set(key, value),
    list: async () => [...files].map(([sha256, bytes]) => ({ sha256, bytes: bytes.byteLength })),
    delete: async (sha256) => void files.delete(sha256),
    clear: async () => {
      files.clear();
      refs.clear();
    },
  };
}

/**
 * Keeps nothing: every load streams the files again (verified on the way) and hands each to the engine
 * without holding it. `why` says what ruled the storage out, for the model panel.
 */
export function noCache(why: string): BundleCache {
  return {
    kind: 'none',
    persistent: false,
    description: `no cache: ${why}`,
    has: async () => false,
    read: async () => undefined,
    createWriter: async () => {
      throw new Error(`This window cannot keep files (${why}).`);
    },
    readRef: async () => undefined,
    writeRef: async () => undefined,
    list: async () => [],
    delete: async () => undefined,
    clear: async () => undefined,
  };
}

/** A ref key as a short name that is a valid file name and URL path segment on every backend. */
export async function refName(key: string): Promise<string> {
  return `ref-${await sha256Hex(new TextEncoder().encode(key))}`;
}
