/**
 * Browser only (feature-detected by `openBundleCache`): the origin private file system. Files stream to
 * disk as they arrive (`<sha256>.part`), are renamed to `<sha256>` once verified, and a partial download
 * left by a closed window or a cancel resumes where it stopped.
 */
import { refName, type BundleCache, type CachedFile } from './bundle-cache.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

const DIRECTORY = 'powerpaint-bundles';

interface WritableFileStream {
  write(data: Uint8Array | { type: 'seek'; position: number } | { type: 'truncate'; size: number }): Promise<void>;
  seek(position: number): Promise<void>;
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface OpfsFileHandle {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
  createWritable(options?: { keepExistingData?: boolean }): Promise<WritableFileStream>;
  move(name: string): Promise<void>;
}
interface OpfsDirectoryHandle {
  kind: 'directory';
  getFileHandle(name: string, options?: { create?: boolean }): Promise<OpfsFileHandle>;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectoryHandle>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  values(): AsyncIterable<OpfsFileHandle | OpfsDirectoryHandle>;
}

/** Throws where OPFS is missing or refused (a null-origin iframe: SecurityError). */
export async function openOpfsCache(): Promise<BundleCache> {
  const storage = (globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<unknown> } } }).navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') throw new Error('this browser has no origin private file system');
  const root = (await storage.getDirectory()) as OpfsDirectoryHandle;
  // Resolved on each use: clear() removes the folder, and old handles would point at nothing.
  const folder = () => root.getDirectoryHandle(DIRECTORY, { create: true });
  const refs = async () => (await folder()).getDirectoryHandle('refs', { create: true });
  await refs();

  const fileOf = async (name: string): Promise<File | undefined> => {
    try {
      return await (await (await folder()).getFileHandle(name)).getFile();
    } catch {
      return undefined;
    }
  };

  return {
    kind: 'opfs',
    persistent: true,
    description: 'origin private file system (OPFS)',
    has: async (entry) => (await fileOf(entry.sha256))?.size === entry.bytes,
    async read(entry) {
      const file = await fileOf(entry.sha256);
      if (file?.size !== entry.bytes) return undefined;
      return new Uint8Array(await file.arrayBuffer());
    },
    createWriter: async (entry) => opfsWriter(await folder(), entry),
    async readRef(key) {
      try {
        return await (await (await (await refs()).getFileHandle(await refName(key))).getFile()).text();
      } catch {
        return undefined;
      }
    },
    async writeRef(key, value) {
      const writable = await (await (await refs()).getFileHandle(await refName(key), { create: true })).createWritable();
      await writable.write(new TextEncoder().encode(value));
      await writable.close();
    },
    async list() {
      const files: CachedFile[] = [];
      for await (const handle of (await folder()).values()) {
        if (handle.kind === 'file' && /^[0-9a-f]{64}$/.test(handle.name)) files.push({ sha256: handle.name, bytes: (await handle.getFile()).size });
      }
      return files;
    },
    delete: async (sha256) => (await folder()).removeEntry(sha256).catch(() => undefined),
    clear: () => root.removeEntry(DIRECTORY, { recursive: true }).catch(() => undefined),
  };
}

async function opfsWriter(dir: OpfsDirectoryHandle, entry: BundleFile): Promise<FileSink> {
  const partName = `${entry.sha256}.part`;
  const handle = await dir.getFileHandle(partName, { create: true });
  const partial = await handle.getFile();
  const resume = partial.size > 0 && partial.size <= entry.bytes ? partial.size : 0;
  const writable = await handle.createWritable({ keepExistingData: resume > 0 });
  if (resume > 0) await writable.seek(resume);
  return {
    ...(resume > 0 ? { existing: { bytes: resume, stream: () => partial.slice(0, resume).stream() as ReadableStream<Uint8Array> } } : {}),
    write: (chunk) => writable.write(chunk),
    async close() {
      await writable.close();
      await handle.move(entry.sha256);
    },
    async abort(keepPartial) {
      if (keepPartial) {
        await writable.close(); // commits what was written, so the next session resumes from it
      } else {
        await writable.abort().catch(() => undefined);
        await dir.removeEntry(partName).catch(() => undefined);
      }
    },
  };
}
