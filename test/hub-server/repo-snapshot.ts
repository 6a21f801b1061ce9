/**
 * A folder on disk seen as one commit of a Hub repo: every file with its size and git blob id, large
 * files as LFS (sha256 and the pointer git would store instead), and a commit sha derived from the
 * content alone, so the same files always give the same commit and any change gives another.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface SnapshotFile {
  path: string;
  absolute: string;
  size: number;
  /** git's blob id: of the content, or of the LFS pointer for LFS files (as the Hub lists it). */
  oid: string;
  lfs?: { sha256: string; pointerSize: number };
}

export interface Snapshot {
  commit: string;
  /** Sorted by path. */
  files: SnapshotFile[];
  /** Every folder that holds a file, with a stable id. */
  directories: { path: string; oid: string }[];
}

/** What the Hub's default .gitattributes sends to LFS, whatever the size. */
const LFS_NAMES = /\.(?:safetensors|onnx|onnx_data|bin|ckpt|pt|msgpack|h5)$/;

/** Hashing a 2 GB file per listing would be slow: results are kept while size and mtime stay. */
const memo = new Map<string, { size: number; mtimeMs: number; sha256: string; sha1: string }>();

export async function snapshotFolder(folder: string, lfsThreshold: number): Promise<Snapshot> {
  const files: SnapshotFile[] = [];
  for (const absolute of await walk(folder)) {
    const path = relative(folder, absolute).split(sep).join('/');
    const { size, sha256, blobSha1 } = await hashes(absolute);
    if (size >= lfsThreshold || LFS_NAMES.test(path)) {
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
      files.push({ path, absolute, size, oid: gitBlobId(Buffer.from(pointer)), lfs: { sha256, pointerSize: pointer.length } });
    } else {
      files.push({ path, absolute, size, oid: blobSha1 });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const commit = sha1(files.map((file) => `${file.path}\0${file.oid}\n`).join(''));
  const folders = new Set(files.flatMap((file) => file.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const directories = [...folders].sort().map((path) => ({ path, oid: sha1(`${commit}:${path}`) }));
  return { commit, files, directories };
}

export function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

async function walk(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

async function hashes(absolute: string): Promise<{ size: number; sha256: string; blobSha1: string }> {
  const { size, mtimeMs } = await stat(absolute);
  const known = memo.get(absolute);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return { size, sha256: known.sha256, blobSha1: known.sha1 };
  const sha256 = createHash('sha256');
  const blob = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(absolute)) {
    sha256.update(chunk as Buffer);
    blob.update(chunk as Buffer);
  }
  const result = { size, mtimeMs, sha256: sha256.digest('hex'), sha1: blob.digest('hex') };
  memo.set(absolute, result);
  return { size, sha256: result.sha256, blobSha1: result.sha1 };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
