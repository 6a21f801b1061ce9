import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { missingFile, type BundleSource } from './bundle-source.js';

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
