/**
 * Browser only (feature-detected by `openBundleCache`): IndexedDB, for pages where neither OPFS nor
 * Cache Storage works. Files are stored as 16 MiB blocks (the download is batched into one reused
 * buffer), then a `files` record marks them complete once verified; reading assembles the blocks into
 * one array of the file's size.
 */
import type { BundleCache, CachedFile } from './bundle-cache.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

const DB_NAME = 'powerpaint-bundles';
const BLOCK_BYTES = 16 << 20;

interface FileRecord {
  sha256: string;
  bytes: number;
  blocks: number;
}

/** Throws where IndexedDB is missing or refused (a null-origin iframe: SecurityError). */
export async function openIndexedDbCache(): Promise<BundleCache> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) throw new Error('IndexedDB is not available here');
  const db = await request(
    (() => {
      const open = idb.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('files', { keyPath: 'sha256' });
        open.result.createObjectStore('blocks');
        open.result.createObjectStore('refs');
      };
      return open;
    })(),
  );
  const tx = (stores: string[], mode: IDBTransactionMode = 'readonly') => db.transaction(stores, mode);
  const record = (sha256: string) => request<FileRecord | undefined>(tx(['files']).objectStore('files').get(sha256));
  const blockRange = (sha256: string) => IDBKeyRange.bound([sha256, 0], [sha256, Number.MAX_SAFE_INTEGER]);

  const remove = async (sha256: string) => {
    const t = tx(['files', 'blocks'], 'readwrite');
    t.objectStore('files').delete(sha256);
    t.objectStore('blocks').delete(blockRange(sha256));
    await done(t);
  };

  return {
    kind: 'indexeddb',
    persistent: true,
    description: 'IndexedDB',
    has: async (entry) => (await record(entry.sha256))?.bytes === entry.bytes,
    async read(entry) {
      const found = await record(entry.sha256);
      if (found?.bytes !== entry.bytes) return undefined;
      const data = new Uint8Array(entry.bytes);
      let at = 0;
      // One block at a time: never more than a block beside the result.
      for (let index = 0; index < found.blocks; index++) {
        const block = await request<Uint8Array | undefined>(tx(['blocks']).objectStore('blocks').get([entry.sha256, index]));
        if (!block || at + block.byteLength > data.byteLength) return undefined;
        data.set(block, at);
        at += block.byteLength;
      }
      return at === entry.bytes ? data : undefined;
    },
    async createWriter(entry) {
      await remove(entry.sha256);
      return idbWriter(db, entry, () => remove(entry.sha256));
    },
    readRef: (key) => request<string | undefined>(tx(['refs']).objectStore('refs').get(key)),
    async writeRef(key, value) {
      const t = tx(['refs'], 'readwrite');
      t.objectStore('refs').put(value, key);
      await done(t);
    },
    async list() {
      const records = await request<FileRecord[]>(tx(['files']).objectStore('files').getAll());
      return records.map(({ sha256, bytes }): CachedFile => ({ sha256, bytes }));
    },
    delete: remove,
    async clear() {
      const t = tx(['files', 'blocks', 'refs'], 'readwrite');
      for (const store of ['files', 'blocks', 'refs']) t.objectStore(store).clear();
      await done(t);
    },
  };
}

function idbWriter(db: IDBDatabase, entry: BundleFile, remove: () => Promise<void>): FileSink {
  const block = new Uint8Array(Math.min(BLOCK_BYTES, Math.max(1, entry.bytes)));
  let filled = 0;
  let index = 0;
  const flush = async () => {
    if (filled === 0) return;
    const t = db.transaction(['blocks'], 'readwrite');
    t.objectStore('blocks').put(block.slice(0, filled), [entry.sha256, index]); // cloned now: the buffer is reusable
    index += 1;
    filled = 0;
    await done(t);
  };
  return {
    async write(chunk) {
      for (let at = 0; at < chunk.byteLength; ) {
        const take = Math.min(block.byteLength - filled, chunk.byteLength - at);
        block.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === block.byteLength) await flush();
      }
    },
    async close() {
      await flush();
      const t = db.transaction(['files'], 'readwrite');
      t.objectStore('files').put({ sha256: entry.sha256, bytes: entry.bytes, blocks: index } satisfies FileRecord);
      await done(t);
    },
    abort: () => remove(),
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(t: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}
