import { noCache, type BundleCache, type CacheKind } from './bundle-cache.js';
import { openCacheStorageCache } from './cache-storage.js';
import { openIndexedDbCache } from './cache-indexeddb.js';
import { openOpfsCache } from './cache-opfs.js';

export type PersistentKind = Extract<CacheKind, 'opfs' | 'cache-storage' | 'indexeddb'>;

/** What `openBundleCache` found: the cache to use and, when none persists, why and what to do. */
export interface StorageReport {
  cache: BundleCache;
  /** Each backend tried, in order, and why it failed. */
  tried: { kind: PersistentKind; ok: boolean; reason?: string }[];
  /** `location.origin`: "null" in a sandboxed iframe such as Figma's plugin window. */
  origin: string;
  nullOrigin: boolean;
  secureContext: boolean;
  /** `navigator.storage.persist()`: true when the browser promised not to evict the cache. */
  persisted?: boolean;
  /** Space used and available to this origin, when the browser says. */
  estimate?: { usage: number; quota: number };
  /** When nothing persists: the sentence for the model panel (load from a folder, or the hosted UI). */
  advice?: string;
}

export interface OpenBundleCacheOptions {
  /** Backends to try, best first. Default: OPFS, Cache Storage, IndexedDB. */
  prefer?: readonly PersistentKind[];
  /** Ask the browser to keep the cache under storage pressure (default true). */
  persist?: boolean;
  /**
   * A backend that does not answer within this is skipped (default 20 s). Generous on purpose: skipping a slow
   * backend opens the next one, which does not hold what the first holds, so the model downloads again.
   */
  timeoutMs?: number;
}

const OPENERS: Record<PersistentKind, () => Promise<BundleCache>> = {
  opfs: openOpfsCache,
  'cache-storage': openCacheStorageCache,
  indexeddb: openIndexedDbCache,
};

const NAMES: Record<PersistentKind, string> = { opfs: 'OPFS', 'cache-storage': 'Cache Storage', indexeddb: 'IndexedDB' };

export const NULL_ORIGIN_ADVICE =
  "This plugin window has no storage (Figma runs plugin UIs in a sandboxed iframe whose origin is \"null\": OPFS, Cache Storage and IndexedDB all refuse): " +
  'the model stays loaded while the window is open, but each time the plugin opens it downloads again (PowerPaint v1: 2.1 GB). ' +
  'Keep the window open between runs, download the model once and pick its folder with "Load from folder", or use the hosted UI (the same window served from an https origin), which downloads it once.';

/**
 * The best cache this page can use, found by really writing and reading a probe entry in each backend
 * (a null-origin iframe throws only when storage is touched). When none works: `noCache` and advice.
 */
export async function openBundleCache(options: OpenBundleCacheOptions = {}): Promise<StorageReport> {
  const g = globalThis as { location?: { origin?: string }; isSecureContext?: boolean; navigator?: { storage?: StorageManager } };
  const origin = g.location?.origin ?? 'null';
  const base = { origin, nullOrigin: origin === 'null', secureContext: g.isSecureContext === true };
  const tried: StorageReport['tried'] = [];
  for (const kind of options.prefer ?? (['opfs', 'cache-storage', 'indexeddb'] as const)) {
    try {
      const cache = await withTimeout(probe(OPENERS[kind]), options.timeoutMs ?? 20_000, `${NAMES[kind]} did not answer`);
      tried.push({ kind, ok: true });
      const storage = g.navigator?.storage;
      const persisted = options.persist === false ? undefined : await storage?.persist?.().catch(() => undefined);
      const estimate = await storage?.estimate?.().catch(() => undefined);
      return {
        ...base,
        cache,
        tried,
        ...(persisted === undefined ? {} : { persisted }),
        ...(estimate ? { estimate: { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } } : {}),
      };
    } catch (error) {
      tried.push({ kind, ok: false, reason: `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}` });
    }
  }
  const why = base.nullOrigin
    ? 'this window has a null origin (a sandboxed iframe), where every browser storage throws'
    : `no browser storage works here (${tried.map((t) => `${NAMES[t.kind]}: ${t.reason}`).join('; ')})`;
  const advice = base.nullOrigin
    ? NULL_ORIGIN_ADVICE
    : 'This window cannot keep the model between sessions. Pick the bundle folder with "Load from folder" each time, or allow site storage for this page.';
  return { ...base, cache: noCache(why), tried, advice };
}

/** Opens a backend and round-trips a ref through it, so "works" means writes and reads work. */
async function probe(open: () => Promise<BundleCache>): Promise<BundleCache> {
  const cache = await open();
  const value = `probe ${Date.now()}`;
  await cache.writeRef('powerpaint:probe', value);
  if ((await cache.readRef('powerpaint:probe')) !== value) throw new Error('a written entry did not read back');
  return cache;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
