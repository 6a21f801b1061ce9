/**
 * Browser only (feature-detected by `openBundleCache`): Cache Storage. A download streams into
 * `cache.put()` through a TransformStream (backpressure holds memory to a few chunks); the stream is
 * closed only after the file's sha256 matched, so a damaged or cancelled download never becomes an entry.
 */
import { refName, type BundleCache, type CachedFile } from './bundle-cache.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

const CACHE_NAME = 'powerpaint-bundles-v1';
/** Keys are URLs; this host never resolves, it only names entries. */
const KEY_BASE = 'https://powerpaint-cache.invalid/';
const BYTES_HEADER = 'x-powerpaint-bytes';

/** Throws where Cache Storage is missing or refused (a null-origin iframe: SecurityError). */
export async function openCacheStorageCache(): Promise<BundleCache> {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  if (!storage) throw new Error('Cache Storage is not available here (it needs a secure context)');
  await storage.open(CACHE_NAME);
  const open = () => storage.open(CACHE_NAME);
  const fileKey = (sha256: string) => `${KEY_BASE}sha256/${sha256}`;
  const refKey = async (key: string) => `${KEY_BASE}ref/${await refName(key)}`;

  const match = async (entry: BundleFile): Promise<Response | undefined> => {
    const response = await (await open()).match(fileKey(entry.sha256));
    if (response && Number(response.headers.get(BYTES_HEADER)) === entry.bytes) return response;
    await response?.body?.cancel();
    return undefined;
  };

  return {
    kind: 'cache-storage',
    persistent: true,
    description: 'Cache Storage',
    async has(entry) {
      const response = await match(entry);
      await response?.body?.cancel();
      return response !== undefined;
    },
    async read(entry) {
      const response = await match(entry);
      if (!response) return undefined;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return bytes.byteLength === entry.bytes ? bytes : undefined;
    },
    createWriter: async (entry) => cacheWriter(await open(), fileKey(entry.sha256), entry),
    async readRef(key) {
      return (await (await open()).match(await refKey(key)))?.text();
    },
    async writeRef(key, value) {
      await (await open()).put(await refKey(key), new Response(value, { headers: { 'content-type': 'text/plain' } }));
    },
    async list() {
      const cache = await open();
      const files: CachedFile[] = [];
      for (const request of await cache.keys()) {
        const sha256 = /\/sha256\/([0-9a-f]{64})$/.exec(request.url)?.[1];
        const response = sha256 ? await cache.match(request) : undefined;
        if (sha256 && response) files.push({ sha256, bytes: Number(response.headers.get(BYTES_HEADER)) });
        await response?.body?.cancel();
      }
      return files;
    },
    delete: async (sha256) => void (await (await open()).delete(fileKey(sha256))),
    clear: async () => void (await storage.delete(CACHE_NAME)),
  };
}

function cacheWriter(cache: Cache, key: string, entry: BundleFile): FileSink {
  const pipe = new TransformStream<Uint8Array, Uint8Array>(undefined, { highWaterMark: 4 }, { highWaterMark: 4 });
  const writer = pipe.writable.getWriter();
  const response = new Response(pipe.readable as ReadableStream<Uint8Array<ArrayBuffer>>, {
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(entry.bytes), [BYTES_HEADER]: String(entry.bytes) },
  });
  const stored = cache.put(key, response);
  stored.catch(() => undefined); // observed in close(); an aborted put must not surface as unhandled
  return {
    async write(chunk) {
      await writer.ready;
      void writer.write(chunk).catch(() => undefined);
    },
    async close() {
      await writer.close();
      await stored;
    },
    async abort() {
      await writer.abort(new Error('download stopped')).catch(() => undefined);
      await stored.catch(() => undefined);
      await cache.delete(key);
    },
  };
}
