import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** One picture of a batch: where it is, its mask (same file name), where its result goes. */
export interface BatchItem {
  name: string;
  image: string;
  mask: string | undefined;
  out: string;
}

/** Every PNG directly in `inputDir`, by name. A missing mask is found when the item runs, so it fails alone. */
export async function batchItems(inputDir: string, maskDir: string | undefined, outputDir: string): Promise<BatchItem[]> {
  let names: string[];
  try {
    names = (await readdir(inputDir, { withFileTypes: true })).filter((e) => e.isFile() && /\.png$/i.test(e.name)).map((e) => e.name);
  } catch (error) {
    throw new InputError(`--input-dir ${inputDir} cannot be read (${(error as Error).message}).`);
  }
  if (names.length === 0) throw new InputError(`--input-dir ${inputDir} has no PNG files.`);
  return names.sort().map((name) => ({
    name,
    image: join(inputDir, name),
    mask: maskDir === undefined ? undefined : join(maskDir, name),
    out: join(outputDir, name),
  }));
}
