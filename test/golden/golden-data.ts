/**
 * Reads test/fixtures/golden (written by models/export/golden/pipeline_golden.py with diffusers itself):
 * golden.json indexes the cases and the arrays packed little-endian in golden.bin.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import type { InpaintRequest, MaskImage, RgbaImage, Task } from '../../models/engine/types.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
export const REFERENCE_BUNDLE_DIR = fileURLToPath(new URL('../fixtures/reference-bundle/', import.meta.url));

interface ArrayEntry {
  dtype: 'float32' | 'uint8';
  shape: number[];
  offset: number;
  bytes: number;
}

export interface GoldenCase {
  name: string;
  task: Task;
  prompt: string;
  negativePrompt: string;
  fittingDegree?: number;
  mask: string;
  scheduler: string;
  guidance: number;
  steps: number;
  seed: number;
  /** Array name of the given starting latents, or null when diffusers drew them from the seeded generator. */
  initialLatents: string | null;
  /** The texts diffusers tokenized: [negative..., positive...] with guidance ([A, B] per side for shape). */
  texts: string[];
  tokenIds: number[][];
  promptEmbeds: string;
  maskLatent: string;
  maskedImageLatents: string;
  finalLatents: string;
  decoded: string;
  image: string;
}

interface GoldenJson {
  versions: Record<string, string>;
  size: number;
  image: string;
  masks: Record<string, string>;
  cases: GoldenCase[];
  arrays: Record<string, ArrayEntry>;
}

export class Golden {
  readonly json: GoldenJson;
  private readonly bin: Buffer;

  constructor(dir = GOLDEN_DIR) {
    this.json = JSON.parse(readFileSync(`${dir}golden.json`, 'utf8')) as GoldenJson;
    this.bin = readFileSync(`${dir}golden.bin`);
    this.dir = dir;
  }

  private readonly dir: string;

  get cases(): GoldenCase[] {
    return this.json.cases;
  }

  f32(name: string): Float32Array {
    const entry = this.entry(name, 'float32');
    const out = new Float32Array(entry.bytes / 4);
    for (let i = 0; i < out.length; i++) out[i] = this.bin.readFloatLE(entry.offset + 4 * i);
    return out;
  }

  u8(name: string): Uint8Array {
    const entry = this.entry(name, 'uint8');
    return new Uint8Array(this.bin.subarray(entry.offset, entry.offset + entry.bytes));
  }

  shape(name: string): number[] {
    return this.json.arrays[name]!.shape;
  }

  image(): RgbaImage {
    const png = decode(readFileSync(`${this.dir}${this.json.image}`));
    if (png.channels !== 3 || png.depth !== 8) throw new Error('golden image.png should be 8-bit RGB');
    const data = new Uint8ClampedArray(png.width * png.height * 4);
    for (let i = 0; i < png.width * png.height; i++) {
      data[i * 4] = png.data[i * 3]!;
      data[i * 4 + 1] = png.data[i * 3 + 1]!;
      data[i * 4 + 2] = png.data[i * 3 + 2]!;
      data[i * 4 + 3] = 255;
    }
    return { width: png.width, height: png.height, data };
  }

  mask(kind: string): MaskImage {
    const png = decode(readFileSync(`${this.dir}${this.json.masks[kind]!}`));
    if (png.channels !== 1 || png.depth !== 8) throw new Error(`golden mask ${kind} should be 8-bit grey`);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
  }

  private entry(name: string, dtype: ArrayEntry['dtype']): ArrayEntry {
    const entry = this.json.arrays[name];
    if (!entry || entry.dtype !== dtype) throw new Error(`golden.bin has no ${dtype} array "${name}"`);
    return entry;
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}

/** RGBA -> RGB bytes, row-major, as diffusers' numpy output is laid out. */
export function rgbBytes(image: RgbaImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height * 3);
  for (let i = 0; i < image.width * image.height; i++) {
    out[i * 3] = image.data[i * 4]!;
    out[i * 3 + 1] = image.data[i * 4 + 1]!;
    out[i * 3 + 2] = image.data[i * 4 + 2]!;
  }
  return out;
}

/** A golden case as the engine's request (what the window and the command line build for the same job). */
export function requestFor(golden: Golden, c: GoldenCase): InpaintRequest {
  return {
    image: golden.image(),
    mask: golden.mask(c.mask),
    task: c.task,
    prompt: c.prompt,
    negativePrompt: c.negativePrompt,
    ...(c.fittingDegree === undefined ? {} : { fittingDegree: c.fittingDegree }),
    steps: c.steps,
    guidance: c.guidance,
    seed: c.seed,
    scheduler: c.scheduler,
    ...(c.initialLatents ? { initialLatents: [golden.f32(c.initialLatents)] } : {}),
  };
}
