/** Node only: writes a tiny bundle to a folder (for engine tests that read bundles from disk). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildTinyBundle, type TinyBundleOptions } from './tiny-bundle.js';

/** Writes every file of `buildTinyBundle(options)` under `dir` and returns the file map. */
export async function writeTinyBundle(dir: string, options?: TinyBundleOptions): Promise<Map<string, Uint8Array>> {
  const files = await buildTinyBundle(options);
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return files;
}
