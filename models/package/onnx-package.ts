import { Tokenizer } from '@huggingface/tokenizers';
import { readJson, readOptionalJson, sourceHas, type BundleSource } from '../bundle/bundle-source.js';
import type { BundleManifest } from '../bundle/manifest.js';
import { intOf, intsOf, numberOf } from '../graphs/unet-config.js';
import type { ExternalDataFile } from '../runtime/model-session.js';
import { MODEL_SPECS } from '../runtime/model-specs.js';
import type { SchedulerConfig } from '../schedulers/scheduler.js';
import type { ModelGraph, ModelPackage } from './model-package.js';
import { readRepoTokenizer } from './repo-tokenizer.js';
import { familyFromTokens } from './task-token-family.js';

/**
 * An ONNX export in Optimum's layout without our powerpaint.json: the manifest is inferred. The family
 * comes from the tokenizer (PowerPaint's task tokens or none); sizes from the config.json Optimum writes
 * beside each graph (SD-1.5's where a config is missing); the graphs run as they are.
 */
export async function openOnnxPackage(source: BundleSource): Promise<ModelPackage> {
  const label = source.label;
  const tokenizerJson = await readRepoTokenizer(source);
  const tokenizer = new Tokenizer(tokenizerJson as object, {});
  const family = familyFromTokens((token) => tokenizer.token_to_id(token) !== undefined, label);
  const unet = await readOptionalJson(source, 'unet/config.json');
  const vae = (await readOptionalJson(source, 'vae_decoder/config.json')) ?? (await readOptionalJson(source, 'vae_encoder/config.json'));
  // SD-1.5's block widths where a config is missing: four levels each.
  const vaeLevels = intsOf(vae ?? {}, 'block_out_channels', [128, 256, 512, 512]).length;
  const unetLevels = intsOf(unet ?? {}, 'block_out_channels', [320, 640, 1280, 1280]).length;
  const vaeScaleFactor = 2 ** (vaeLevels - 1);
  const manifest: BundleManifest = {
    ...family,
    version: 'onnx',
    name: label,
    // Float32 inputs and outputs are all this engine feeds (an fp16-IO export is refused when opened).
    precision: 'fp32',
    sampleSize: intOf(unet ?? {}, 'sample_size', 64),
    vaeScaleFactor,
    latentChannels: intOf(vae ?? {}, 'latent_channels', 4),
    scalingFactor: numberOf(vae ?? {}, 'scaling_factor', 0.18215),
    // Exported graphs upsample by fixed factors, so latent sides must divide by 2^(levels − 1).
    sizeMultiple: vaeScaleFactor * 2 ** (unetLevels - 1),
    defaults: { steps: 45, guidance: 7.5, scheduler: 'DDIMScheduler' },
    files: (source.listing ?? []).map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 ?? '' })),
  };
  return {
    source,
    layout: 'onnx',
    manifest,
    tokenizerJson,
    schedulerConfig: (await readJson(source, 'scheduler/scheduler_config.json')) as SchedulerConfig,
    computeTypes: ['float32'],
    async graph(name): Promise<ModelGraph> {
      const path = MODEL_SPECS[name].path;
      const folder = path.slice(0, path.lastIndexOf('/') + 1);
      const externalPaths = (source.listing ?? [])
        .map((f) => f.path)
        .filter((p) => p.startsWith(folder) && p !== path && /\.onnx_data(_\d+)?$|\.onnx\.data$/.test(p));
      const externalData: ExternalDataFile[] = [];
      for (const p of externalPaths) externalData.push({ path: p.slice(folder.length), data: await source.read(p) });
      return { model: await source.read(path), externalData };
    },
  };
}

/** Optimum's layout: the four graphs under their folder names. */
export async function isOnnxLayout(source: BundleSource): Promise<boolean> {
  for (const spec of Object.values(MODEL_SPECS)) if (!(await sourceHas(source, spec.path))) return false;
  return true;
}
