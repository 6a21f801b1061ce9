import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { missingFile, type BundleSource } from './bundle-source.js';
import { RangeNotSatisfiableError, type ByteOrigin } from './byte-origin.js';

/** Node only (tools, tests, benchmarks): a bundle folder on disk. */
export function bundleFromDirectory(dir: string): BundleSource {
  return {
    label: dir,
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
