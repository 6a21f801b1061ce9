/**
 * Reads test/fixtures/hub-golden (models/export/hub_fixtures.py, with diffusers itself) for the repos in
 * test/fixtures/hub-repos: golden.json + golden.bin in test/fixtures/golden's format (the same `Golden` reader),
 * with per-module goldens (`modules`) beside the whole-pipeline cases, and tokens.json (token ids).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleSource } from '../../models/bundle/bundle-source.js';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import type { Task } from '../../models/engine/types.js';
import { Golden, requestFor, type GoldenCase } from '../golden/golden-data.js';

export { requestFor };

export const HUB_REPOS_DIR = fileURLToPath(new URL('../fixtures/hub-repos/', import.meta.url));
export const HUB_GOLDEN_DIR = fileURLToPath(new URL('../fixtures/hub-golden/', import.meta.url));

/** The inpainting repos with goldens; tiny-sd/text-to-image and tiny-sd/sdxl-like are refusal fixtures. */
export const HUB_GOLDEN_REPOS = ['tiny-pp/powerpaint-v1', 'tiny-sd/inpainting-options', 'tiny-sd/inpainting-rare-options'] as const;
export type HubGoldenRepo = (typeof HUB_GOLDEN_REPOS)[number];
export const HUB_REFUSAL_REPOS = ['tiny-sd/text-to-image', 'tiny-sd/sdxl-like'] as const;
/** fp32: the repo's default files. fp16: the `fp16` variant files, upcast to float32 (fp32 math, as on wasm). */
export type HubVariant = 'fp32' | 'fp16';

export interface HubRepoInfo {
  /** PowerPaint's 30 sub-tokens per task word, or null for a plain inpainting model. */
  taskTokens: Record<string, string[]> | null;
  variants: HubVariant[];
  vaeScaleFactor: number;
  scalingFactor: number;
  /** The text encoder's width (the UNet's cross-attention width). */
  hiddenSize: number;
}

export interface F32Tensor {
  data: Float32Array;
  dims: number[];
}

/** UNet: out_sample for sample [2, 9, h, w], one timestep for the batch, encoder_hidden_states [2, 77, D]. */
export interface UnetGolden {
  latentHeight: number;
  latentWidth: number;
  /** Sides not divisible by the UNet's factor: diffusers resizes each upsampler's output to its skip's size. */
  forwardUpsampleSize: boolean;
  timestep: number;
  sample: F32Tensor;
  encoderHiddenStates: F32Tensor;
  outSample: F32Tensor;
}

/** VAE encoder: the Gaussian for an image [1, 3, H, W] in [-1, 1] (quant_conv's output = mean ‖ logvar). */
export interface VaeEncoderGolden {
  height: number;
  width: number;
  image: F32Tensor;
  mean: F32Tensor;
  logvar: F32Tensor;
}

/** VAE decoder: post_quant_conv + decoder of an unscaled latent [1, 4, h, w] -> [1, 3, H, W]. */
export interface VaeDecoderGolden {
  latentHeight: number;
  latentWidth: number;
  latent: F32Tensor;
  sample: F32Tensor;
}

/** Text encoder: last_hidden_state [N, 77, D] for N rows of ids (BOS, text, EOS padding to 77). */
export interface TextEncoderGolden {
  texts: string[];
  inputIds: number[][];
  lastHiddenState: F32Tensor;
}

interface ModuleEntry {
  repo: HubGoldenRepo;
  variant: HubVariant;
  module: 'unet' | 'vaeEncoder' | 'vaeDecoder' | 'textEncoder';
  [field: string]: unknown;
}

/** A whole-pipeline case: golden-data.ts's fields (array names: read them with f32 / u8 / shape). */
export interface HubCase extends GoldenCase {
  repo: HubGoldenRepo;
  variant: HubVariant;
}

interface HubGoldenJson {
  repos: Record<HubGoldenRepo, HubRepoInfo>;
  modules: ModuleEntry[];
  cases: HubCase[];
}

export class HubGolden extends Golden {
  private readonly hub: HubGoldenJson;

  constructor(dir = HUB_GOLDEN_DIR) {
    super(dir);
    this.hub = this.json as unknown as HubGoldenJson;
  }

  /** Every pipeline case, all repos and variants. */
  override get cases(): HubCase[] {
    return this.hub.cases;
  }

  repoDir(repo: string): string {
    return `${HUB_REPOS_DIR}${repo}/`;
  }

  repo(repo: HubGoldenRepo): HubRepoInfo {
    return this.hub.repos[repo];
  }

  tensor(name: string): F32Tensor {
    return { data: this.f32(name), dims: this.shape(name) };
  }

  unet(repo: HubGoldenRepo, variant: HubVariant): UnetGolden[] {
    return this.entries(repo, variant, 'unet').map((e) => ({
      latentHeight: e['latentHeight'] as number,
      latentWidth: e['latentWidth'] as number,
      forwardUpsampleSize: e['forwardUpsampleSize'] as boolean,
      timestep: e['timestep'] as number,
      sample: this.tensor(e['sample'] as string),
      encoderHiddenStates: this.tensor(e['encoderHiddenStates'] as string),
      outSample: this.tensor(e['outSample'] as string),
    }));
  }

  vaeEncoder(repo: HubGoldenRepo, variant: HubVariant): VaeEncoderGolden[] {
    return this.entries(repo, variant, 'vaeEncoder').map((e) => ({
      height: e['height'] as number,
      width: e['width'] as number,
      image: this.tensor(e['image'] as string),
      mean: this.tensor(e['mean'] as string),
      logvar: this.tensor(e['logvar'] as string),
    }));
  }

  vaeDecoder(repo: HubGoldenRepo, variant: HubVariant): VaeDecoderGolden[] {
    return this.entries(repo, variant, 'vaeDecoder').map((e) => ({
      latentHeight: e['latentHeight'] as number,
      latentWidth: e['latentWidth'] as number,
      latent: this.tensor(e['latent'] as string),
      sample: this.tensor(e['sample'] as string),
    }));
  }

  textEncoder(repo: HubGoldenRepo, variant: HubVariant): TextEncoderGolden {
    const [e] = this.entries(repo, variant, 'textEncoder');
    return { texts: e!['texts'] as string[], inputIds: e!['inputIds'] as number[][], lastHiddenState: this.tensor(e!['lastHiddenState'] as string) };
  }

  /** The pipeline cases of one repo and variant: one per task (DDIM from the repo's config, guidance 7.5). */
  pipelineCases(repo: HubGoldenRepo, variant: HubVariant): HubCase[] {
    return this.cases.filter((c) => c.repo === repo && c.variant === variant);
  }

  pipelineCase(repo: HubGoldenRepo, variant: HubVariant, task: Task): HubCase {
    const found = this.pipelineCases(repo, variant).find((c) => c.task === task);
    if (!found) throw new Error(`hub golden has no ${task} case for ${repo} ${variant}`);
    return found;
  }

  private entries(repo: HubGoldenRepo, variant: HubVariant, module: ModuleEntry['module']): ModuleEntry[] {
    const found = this.hub.modules.filter((m) => m.repo === repo && m.variant === variant && m.module === module);
    if (found.length === 0) throw new Error(`hub golden has no ${module} entries for ${repo} ${variant}`);
    return found;
  }
}

/** tokens.json: per prompt, the ids each reader of the repo's tokenizer files gave. */
export interface HubRepoTokens {
  /** transformers 5's CLIPTokenizer (what diffusers 0.42 loads): no BOS/EOS, no truncation. */
  contentIds: number[][];
  /** What diffusers' encode_prompt feeds the text encoder: BOS, content cut to 75, EOS, EOS padding to 77. */
  inputIds: number[][];
  transformers4: { version: string; slowContentIds: number[][]; fastContentIds: number[][] };
  /** Indexes of the prompts whose slow (transformers 4 CLIPTokenizer, no ftfy) ids differ from the fast ones. */
  slowDiffers: number[];
}

export interface HubTokens {
  versions: Record<string, string>;
  prompts: string[];
  repos: Record<HubGoldenRepo, HubRepoTokens>;
}

export function hubTokens(dir = HUB_GOLDEN_DIR): HubTokens {
  return JSON.parse(readFileSync(`${dir}tokens.json`, 'utf8')) as HubTokens;
}

/** The tokenizer.json transformers 4's CLIPTokenizerFast converted from a repo's tokenizer files. */
export function transformers4TokenizerJson(repo: HubGoldenRepo, dir = HUB_GOLDEN_DIR): unknown {
  return JSON.parse(readFileSync(`${dir}transformers4/${repo}/tokenizer.json`, 'utf8'));
}

/** The repo's files; for the fp32 variant without the fp16 files, as a repo that publishes fp32 only. */
export function repoSource(golden: HubGolden, repo: HubGoldenRepo, variant: HubVariant): BundleSource {
  const folder = bundleFromDirectory(golden.repoDir(repo));
  if (variant === 'fp16') return folder;
  return { label: folder.label, read: (path) => folder.read(path), listing: folder.listing!.filter((f) => !f.path.includes('.fp16.')) };
}
