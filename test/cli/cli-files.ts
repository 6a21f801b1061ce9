/** Test support: temporary folders, and PNGs read and written the way the command line does it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { cropRgba } from '../../models/image/crop.js';
import { distanceToMask } from '../../models/image/distance-transform.js';
import { decodePng, encodePng } from '../../tools/cli/image/png-codec.js';

/** A fresh folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'powerpaint-cli-'));
    dirs.push(dir);
    return dir;
  };
}

export function readPng(path: string): RgbaImage {
  return decodePng(readFileSync(path));
}

export function writePng(path: string, image: RgbaImage): string {
  writeFileSync(path, encodePng(image));
  return path;
}

/** A mask as a grey PNG would hold it, written as RGBA white-on-black (what an editor exports). */
export function writeMaskPng(path: string, mask: MaskImage): string {
  const data = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) data.set([mask.data[i]!, mask.data[i]!, mask.data[i]!, 255], i * 4);
  return writePng(path, { width: mask.width, height: mask.height, data });
}

/** The top-left `width`×`height` of a harness sample photo. */
export function samplePhoto(name: string, width: number, height: number): RgbaImage {
  const photo = readPng(new URL(`../harness/samples/${name}`, import.meta.url).pathname);
  return cropRgba(photo, { x: 0, y: 0, width, height });
}

export function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)) === 0;
}

/**
 * Pixels whose bytes differ between source and result: farther than `grow` from the mask (the full-resolution
 * path's default: how far it may repaint beyond the mask; none may change there) and inside the mask.
 */
export function changes(source: RgbaImage, result: RgbaImage, mask: MaskImage, grow = 8): { changedOutside: number; changedInside: number } {
  const distance = distanceToMask(mask);
  let changedOutside = 0;
  let changedInside = 0;
  for (let p = 0; p < distance.length; p++) {
    const same = [0, 1, 2, 3].every((c) => result.data[p * 4 + c] === source.data[p * 4 + c]);
    if (!same && distance[p]! > grow) changedOutside++;
    if (!same && distance[p] === 0) changedInside++;
  }
  return { changedOutside, changedInside };
}
