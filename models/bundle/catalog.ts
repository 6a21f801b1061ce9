import type { Task } from '../engine/types.js';
import type { BundleManifest } from './manifest.js';

/** Where this window finds models: the Hugging Face endpoint, and where the harness serves its test bundle. */
export interface CatalogLocations {
  /** `https://huggingface.co` unless a build or the harness (its local Hub stand-in) says otherwise. */
  hubEndpoint?: string;
  /** Base URL of the tiny test bundle (test/bundle/write-tiny-bundle.ts; the harness serves it). */
  tiny?: string;
  /** Pin: the sha256 of the tiny bundle's powerpaint.json, passed to loadBundle as `manifestSha256`. */
  manifestSha256?: Partial<Record<CatalogId, string>>;
}

export type CatalogId = 'powerpaint-v1' | 'sd15-inpainting' | 'hub-repo' | 'tiny';

/** A Hugging Face repo (one named here, or the one the person pastes), or a bundle at a URL. */
export type CatalogSource = { kind: 'hub'; repo: string; endpoint: string } | { kind: 'hub-any'; endpoint: string } | { kind: 'url'; baseUrl: string };

export interface CatalogEntry {
  id: CatalogId;
  name: string;
  family: BundleManifest['family'];
  precision: BundleManifest['precision'];
  /** Download size, approximately (the Hub's listing has the exact one). */
  approxBytes: number;
  /** What a person gets, in their words: tasks, quality, where it runs. */
  tasks: readonly Task[];
  summary: string;
  /** Needs the WebGPU adapter's shader-f16: without it the model does not fit this runtime (engine/check-fits.ts). */
  needsShaderF16: boolean;
  /** Undefined when this window cannot reach it: the entry shows, disabled, with `why`. */
  source?: CatalogSource;
  manifestSha256?: string;
  why?: string;
}

const ALL_TASKS: readonly Task[] = ['object', 'remove', 'shape', 'outpaint'];
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** PowerPaint v1 as IOPaint loads it: diffusers layout with the task tokens, an fp16 variant. */
export const POWERPAINT_V1_REPO = 'Sanster/PowerPaint-V1-stable-diffusion-inpainting';
/**
 * runwayml/stable-diffusion-inpainting as its maintained copy keeps it (runwayml's repo is gone): the
 * same files, with the `*.fp16.safetensors` variant.
 */
export const SD15_INPAINTING_REPO = 'stable-diffusion-v1-5/stable-diffusion-inpainting';

/**
 * The models the panel offers, in every build: from the Hub, run as published (no conversion). Sizes:
 * SD-1.5's UNet (860 M parameters), CLIP text encoder (123 M) and VAE (84 M) at 2 bytes a weight ≈ 2.1 GB.
 */
export function bundleCatalog(locations: CatalogLocations = {}): CatalogEntry[] {
  const endpoint = locations.hubEndpoint ?? DEFAULT_HUB_ENDPOINT;
  const tinyPin = locations.manifestSha256?.tiny;
  return [
    {
      id: 'powerpaint-v1',
      name: 'PowerPaint v1',
      family: 'powerpaint-v1',
      precision: 'fp16',
      approxBytes: 2_130_000_000,
      tasks: ALL_TASKS,
      summary: `Remove objects, insert from text, fill a drawn shape, extend the image: each task has its own trained prompt. From Hugging Face (${POWERPAINT_V1_REPO}), fp16.`,
      needsShaderF16: true,
      source: { kind: 'hub', repo: POWERPAINT_V1_REPO, endpoint },
    },
    {
      id: 'sd15-inpainting',
      name: 'Stable Diffusion 1.5 inpainting',
      family: 'sd15-inpainting',
      precision: 'fp16',
      approxBytes: 2_130_000_000,
      tasks: ALL_TASKS,
      summary: `A fallback without task tokens: tasks become prompt templates, so removal and shape fill are less reliable than PowerPaint. runwayml's checkpoint as ${SD15_INPAINTING_REPO} keeps it, fp16.`,
      needsShaderF16: true,
      source: { kind: 'hub', repo: SD15_INPAINTING_REPO, endpoint },
    },
    {
      id: 'hub-repo',
      name: 'Any Hugging Face repo…',
      family: 'sd15-inpainting',
      precision: 'fp16',
      approxBytes: 2_130_000_000,
      tasks: ALL_TASKS,
      summary: 'Paste a repo id (owner/name, optionally @revision) or its URL: any SD-1.5 inpainting model in diffusers layout, PowerPaint fine-tunes included. Gated or private repos need an access token.',
      needsShaderF16: true,
      source: { kind: 'hub-any', endpoint },
    },
    {
      id: 'tiny',
      name: 'Tiny test bundle',
      family: 'powerpaint-v1',
      precision: 'fp32',
      approxBytes: 250_000,
      tasks: ALL_TASKS,
      summary: 'For testing the plugin: real model names and shapes, random weights, 64 px images. Produces noise, not pictures.',
      needsShaderF16: false,
      ...(locations.tiny ? { source: { kind: 'url' as const, baseUrl: locations.tiny } } : { why: 'only the development harness serves it' }),
      ...(tinyPin ? { manifestSha256: tinyPin } : {}),
    },
  ];
}
