import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { RgbaImage } from '../../../models/engine/types.js';
import { encodePng } from '../image/png-codec.js';

/** `out.png` for one result; `out-1.png` … `out-N.png` for N variations. */
export function outputPaths(out: string, count: number): string[] {
  if (count === 1) return [out];
  const ext = extname(out);
  const stem = out.slice(0, out.length - ext.length);
  return Array.from({ length: count }, (_, i) => `${stem}-${i + 1}${ext || '.png'}`);
}

/** Writes each result as an RGBA PNG (folders created as needed); returns the paths in order. */
export async function writeOutputs(out: string, images: readonly { image: RgbaImage }[]): Promise<string[]> {
  const paths = outputPaths(out, images.length);
  await mkdir(dirname(out), { recursive: true });
  for (const [i, { image }] of images.entries()) await writeFile(paths[i]!, encodePng(image));
  return paths;
}
