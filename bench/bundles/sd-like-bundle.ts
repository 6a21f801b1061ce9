/**
 * Benchmark bundles with SD-1.5's structure (sd-models.ts) in the Optimum layout the engine reads, with
 * the tiny test tokenizer (the text encoder's table covers its ids) and SD-1.5's DDIM config.
 * Node only (hashes with node:crypto, which streams: the full-size UNet's weights are 3.4 GB).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DDIM_SCHEDULER_CONFIG, SCALING_FACTOR } from '../../test/bundle/tiny-bundle.js';
import { buildTinyTokenizer, taskSubTokens } from '../../test/bundle/tiny-tokenizer.js';
import { EXTERNAL_DATA_FILE, type BuiltModel, type ComputeType } from './onnx-builder.js';
import { buildSdTextEncoder, buildSdUnet, buildSdVaeDecoder, buildSdVaeEncoder, LATENT_CHANNELS, VAE_SCALE_FACTOR, type SdShapes } from './sd-models.js';

export interface SdBundleOptions {
  compute?: ComputeType;
  /** Weights of every model in `model.onnx_data` beside it (needed for the full-size UNet). */
  externalData?: boolean;
}

export interface ModelStats {
  params: number;
  /** FLOP per batch item at the design size (512 px, 64x64 latents). */
  flops: number;
}

export interface SdBundle {
  /** Bundle-relative path -> bytes, as chunks (external data is written without joining). */
  files: Map<string, Uint8Array[]>;
  stats: Record<'textEncoder' | 'unet' | 'vaeEncoder' | 'vaeDecoder', ModelStats>;
  shapes: SdShapes;
}

export function buildSdBundle(shapes: SdShapes, options: SdBundleOptions = {}): SdBundle {
  const tokenizer = buildTinyTokenizer(true);
  const modelOptions = { compute: options.compute ?? 'float32', externalData: options.externalData ?? false };
  const files = new Map<string, Uint8Array[]>();
  const json = (value: unknown) => [new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`)];
  const add = (folder: string, built: BuiltModel): ModelStats => {
    files.set(`${folder}/model.onnx`, [built.model]);
    if (built.externalData.length > 0) files.set(`${folder}/${EXTERNAL_DATA_FILE}`, built.externalData);
    return { params: built.params, flops: 2 * built.macs };
  };
  files.set('scheduler/scheduler_config.json', json(DDIM_SCHEDULER_CONFIG));
  files.set('tokenizer/tokenizer.json', json(tokenizer.json));
  const stats = {
    textEncoder: add('text_encoder', buildSdTextEncoder(shapes, tokenizer.vocabSize, modelOptions)),
    unet: add('unet', buildSdUnet(shapes, modelOptions)),
    vaeEncoder: add('vae_encoder', buildSdVaeEncoder(shapes, modelOptions)),
    vaeDecoder: add('vae_decoder', buildSdVaeDecoder(shapes, modelOptions)),
  };
  const listed = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, chunks]) => {
    const hash = createHash('sha256');
    let bytes = 0;
    for (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    return { path, bytes, sha256: hash.digest('hex') };
  });
  const manifest = {
    family: 'powerpaint-v1',
    version: '1.0.0',
    name: `PowerPaint v1 benchmark bundle: ${shapes.name}, ${modelOptions.compute}, random weights`,
    precision: modelOptions.compute === 'float16' ? 'fp16' : 'fp32',
    sampleSize: shapes.designLatent,
    vaeScaleFactor: VAE_SCALE_FACTOR,
    latentChannels: LATENT_CHANNELS,
    scalingFactor: SCALING_FACTOR,
    sizeMultiple: 64,
    taskTokens: taskSubTokens(),
    defaults: { steps: 20, guidance: 7.5, scheduler: 'DDIMScheduler' },
    files: listed,
    benchmark: { shapes, stats },
  };
  files.set('powerpaint.json', json(manifest));
  return { files, stats, shapes };
}

/** One buffer per file, for in-memory sources and static servers (bundles under 2 GB). */
export function joinedFiles(bundle: SdBundle): Map<string, Uint8Array> {
  return new Map([...bundle.files].map(([path, chunks]) => [path, chunks.length === 1 ? chunks[0]! : concat(chunks)]));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Writes the bundle under `dir`, streaming chunked files. */
export async function writeSdBundle(bundle: SdBundle, dir: string): Promise<void> {
  for (const [path, chunks] of bundle.files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    if (chunks.length === 1) {
      await writeFile(target, chunks[0]!);
      continue;
    }
    const stream = createWriteStream(target);
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
