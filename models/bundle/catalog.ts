import type { Task } from '../engine/types.js';
import type { BundleManifest } from './manifest.js';

/** Where each catalog bundle is hosted: configured per build (the hosted UI, the harness, a team mirror). */
export interface CatalogLocations {
  /** Base URL of a PowerPaint v1 fp16 bundle written by the export tool (models/export). */
  powerpaintV1?: string;
  /** Base URL of a plain SD-1.5 inpainting ONNX export (Optimum layout) with a powerpaint.json. */
  sd15Inpainting?: string;
  /** Base URL of the tiny test bundle (test/bundle/write-tiny-bundle.ts; the harness serves the repo at /repo/). */
  tiny?: string;
  /** Pins: the sha256 of each bundle's powerpaint.json, passed to loadBundle as `manifestSha256`. */
  manifestSha256?: Partial<Record<CatalogId, string>>;
}

export type CatalogId = 'powerpaint-v1-fp16' | 'sd15-inpainting-fp16' | 'tiny';

export interface CatalogEntry {
  id: CatalogId;
  name: string;
  family: BundleManifest['family'];
  precision: BundleManifest['precision'];
  /** Download size, approximately (the manifest has the exact one). */
  approxBytes: number;
  /** What a person gets, in their words: tasks, quality, where it runs. */
  tasks: readonly Task[];
  summary: string;
  /** Needs the WebGPU adapter's shader-f16 to run on the GPU (else wasm, much slower). */
  needsShaderF16: boolean;
  /** Undefined when this build was not given a location: the entry shows, disabled, with `why`. */
  baseUrl?: string;
  manifestSha256?: string;
  why?: string;
}

const ALL_TASKS: readonly Task[] = ['object', 'remove', 'shape', 'outpaint'];

/**
 * The bundles the model panel offers. Sizes: SD-1.5's UNet (860 M parameters), CLIP text encoder
 * (123 M) and VAE (84 M) at 2 bytes per weight ≈ 2.1 GB; PowerPaint v1 adds 30 embedding rows.
 */
export function bundleCatalog(locations: CatalogLocations = {}): CatalogEntry[] {
  const entry = (id: CatalogId, url: string | undefined, fields: Omit<CatalogEntry, 'id' | 'baseUrl' | 'manifestSha256' | 'why'>): CatalogEntry => {
    const pin = locations.manifestSha256?.[id];
    return {
      id,
      ...fields,
      ...(url ? { baseUrl: url } : { why: 'no download location is configured for this build; load it from a folder instead' }),
      ...(pin ? { manifestSha256: pin } : {}),
    };
  };
  return [
    entry('powerpaint-v1-fp16', locations.powerpaintV1, {
      name: 'PowerPaint v1 (fp16)',
      family: 'powerpaint-v1',
      precision: 'fp16',
      approxBytes: 2_130_000_000,
      tasks: ALL_TASKS,
      summary: 'Remove objects, insert from text, fill a drawn shape, extend the image: each task has its own trained prompt.',
      needsShaderF16: true,
    }),
    entry('sd15-inpainting-fp16', locations.sd15Inpainting, {
      name: 'Stable Diffusion 1.5 inpainting (fp16)',
      family: 'sd15-inpainting',
      precision: 'fp16',
      approxBytes: 2_130_000_000,
      tasks: ALL_TASKS,
      summary: 'A fallback without task tokens: tasks become prompt templates, so removal and shape fill are less reliable than PowerPaint.',
      needsShaderF16: true,
    }),
    entry('tiny', locations.tiny, {
      name: 'Tiny test bundle',
      family: 'powerpaint-v1',
      precision: 'fp32',
      approxBytes: 250_000,
      tasks: ALL_TASKS,
      summary: 'For testing the plugin: real model names and shapes, random weights, 64 px images. Produces noise, not pictures.',
      needsShaderF16: false,
    }),
  ];
}
