import { createReadStream, readdirSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { missingFile, type BundleSource, type SourceFile } from './bundle-source.js';
import { RangeNotSatisfiableError, type ByteOrigin } from './byte-origin.js';

/** Node only (tools, tests, benchmarks): a bundle or model folder on disk. */
export function bundleFromDirectory(dir: string): BundleSource {
  return {
    label: dir,
    listing: listDirectory(dir),
    async read(path) {
      try {
        return new Uint8Array(await readFile(join(dir, path)));
      } catch (cause) {
        throw missingFile(this, path, cause);
      }
    },
  };
}

/** Node only: a bundle folder on disk as a ByteOrigin (streams from any offset; for bundle:check). */
export function originFromDirectory(dir: string): ByteOrigin {
  return {
    label: dir,
    async open(path, offset) {
      const file = join(dir, path);
      let size: number;
      try {
        size = (await stat(file)).size;
      } catch (cause) {
        throw missingFile({ label: dir, read: () => Promise.reject(cause) }, path, cause);
      }
      if (offset > 0 && offset >= size) throw new RangeNotSatisfiableError(`${file} has ${size} bytes`);
      return { start: offset, body: Readable.toWeb(createReadStream(file, { start: offset })) as ReadableStream<Uint8Array> };
    },
  };
}

function listDirectory(dir: string): SourceFile[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, info: statSync(join(dir, name)) }))
    .filter(({ info }) => info.isFile())
    .map(({ name, info }) => ({ path: relative(dir, join(dir, name)).split(sep).join('/'), bytes: info.size }));
}
