/**
 * Node only (the command line, tools): a BundleCache in a folder on disk, the desktop counterpart of
 * cache-opfs.ts. Files are `files/<sha256>`; a download streams into a temporary file of its own and is
 * renamed to that name only after its sha256 matched, so no reader, in this process or another, ever
 * sees a partial or damaged file. Refs (the last manifest seen at a URL) are small files in `refs/`.
 *
 * A stopped download is kept as `files/<sha256>.part` and resumed by the next writer. A writer takes the
 * `.part` over by renaming it to its own temporary name first: rename is atomic, so when two processes
 * download the same file at once only one resumes it and the other starts afresh, and neither writes
 * into the other's bytes.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { refName, type BundleCache, type CachedFile } from './bundle-cache.js';
import type { FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A cache in `dir` (created when missing). Only its `files/` and `refs/` folders are ever written or cleared. */
export async function openDirectoryCache(dir: string): Promise<BundleCache> {
  const files = join(dir, 'files');
  const refs = join(dir, 'refs');
  // clear() removes both folders: every write makes sure its folder is there again.
  const ensure = async (folder: string) => void (await mkdir(folder, { recursive: true }));
  await ensure(files);
  await ensure(refs);
  const fileOf = (sha256: string) => join(files, checkedSha256(sha256));

  return {
    kind: 'disk',
    persistent: true,
    description: `folder ${dir}`,
    has: async (entry) => (await sizeOf(fileOf(entry.sha256))) === entry.bytes,
    async read(entry) {
      const path = fileOf(entry.sha256);
      if ((await sizeOf(path)) !== entry.bytes) return undefined;
      const bytes = await readFile(path).catch(() => undefined);
      return bytes && bytes.byteLength === entry.bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
    },
    async createWriter(entry) {
      await ensure(files);
      return diskWriter(fileOf(entry.sha256), entry);
    },
    async readRef(key) {
      return readFile(join(refs, await refName(key)), 'utf8').catch(() => undefined);
    },
    async writeRef(key, value) {
      await ensure(refs);
      const path = join(refs, await refName(key));
      const temp = temporaryName(path);
      await writeFile(temp, value, 'utf8');
      await rename(temp, path);
    },
    async list() {
      const names = await readdir(files).catch(() => [] as string[]);
      const held: CachedFile[] = [];
      for (const name of names.filter((n) => SHA256.test(n))) {
        const bytes = await sizeOf(join(files, name));
        if (bytes !== undefined) held.push({ sha256: name, bytes });
      }
      return held;
    },
    delete: async (sha256) => unlink(fileOf(sha256)).catch(() => undefined),
    async clear() {
      await rm(files, { recursive: true, force: true });
      await rm(refs, { recursive: true, force: true });
    },
  };
}

async function diskWriter(path: string, entry: BundleFile): Promise<FileSink> {
  const partial = `${path}.part`;
  const temp = temporaryName(path);
  // Take the stopped download over, if there is one and it can still be a prefix of this file.
  const taken = await rename(partial, temp).then(
    () => true,
    () => false,
  );
  const held = taken ? ((await sizeOf(temp)) ?? 0) : 0;
  // Longer than the file can only be another file's bytes: start afresh ('w' truncates).
  const existing = held <= entry.bytes ? held : 0;
  const handle = await open(temp, existing > 0 ? 'a' : 'w');
  return {
    ...(existing > 0 && {
      existing: { bytes: existing, stream: () => Readable.toWeb(createReadStream(temp, { end: existing - 1 })) as ReadableStream<Uint8Array> },
    }),
    async write(chunk) {
      for (let at = 0; at < chunk.byteLength; ) at += (await handle.write(chunk, at, chunk.byteLength - at)).bytesWritten;
    },
    async close() {
      await handle.sync();
      await handle.close();
      await rename(temp, path);
    },
    async abort(keepPartial) {
      await handle.close().catch(() => undefined);
      // A newer .part from another process may be there: either is a prefix the next run can resume.
      if (keepPartial) await rename(temp, partial).catch(() => unlink(temp).catch(() => undefined));
      else await unlink(temp).catch(() => undefined);
    },
  };
}

/** Names that no other writer, in this process or another, can pick. */
function temporaryName(path: string): string {
  return `${path}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** A key is a file name here: anything but 64 hex digits could step outside the folder. */
function checkedSha256(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a sha256 (64 lowercase hex digits); the cache keys files by it.`);
  return sha256;
}
