import { Tokenizer } from '@huggingface/tokenizers';
import { missingFile, readJson, readOptionalJson, sourceHas, type BundleSource, type SourceFile } from '../bundle/bundle-source.js';
import type { BundleManifest } from '../bundle/manifest.js';
import { EngineError } from '../engine/errors.js';
import type { BuiltGraph, ComputeType } from '../graphs/bound-graph.js';
import { buildClipTextGraph, clipKeyRenames, parseClipTextConfig } from '../graphs/clip-text-graph.js';
import { parseUnetConfig } from '../graphs/unet-config.js';
import { buildUnetGraph } from '../graphs/unet-graph.js';
import { buildVaeDecoderGraph, buildVaeEncoderGraph, parseVaeConfig, vaeKeyRenames } from '../graphs/vae-graph.js';
import { WeightIndex, type WeightFile } from '../graphs/weight-index.js';
import type { ModelName } from '../runtime/model-specs.js';
import { fuseLora } from '../lora/fuse-lora.js';
import { lowRankAdder } from '../lora/low-rank-add.js';
import { webSessions } from '../runtime/model-session.js';
import type { LoraChoice } from '../lora/lora-source.js';
import { parseSafetensorsHeader } from '../safetensors/safetensors-header.js';
import type { SchedulerConfig } from '../schedulers/scheduler.js';
import { readRepoTokenizer } from './repo-tokenizer.js';
import { checkInpaintingFamily } from './pipeline-family.js';
import { familyFromTokens } from './task-token-family.js';
import type { FusedLoraInfo, ModelGraph, ModelPackage } from './model-package.js';

type Json = Record<string, unknown>;

/** The weight files of a component, best first: the fp16 variant (half the download), then fp32. */
const WEIGHT_NAMES = {
  unet: ['diffusion_pytorch_model.fp16.safetensors', 'diffusion_pytorch_model.safetensors'],
  vae: ['diffusion_pytorch_model.fp16.safetensors', 'diffusion_pytorch_model.safetensors'],
  text_encoder: ['model.fp16.safetensors', 'model.safetensors'],
} as const;
type Component = keyof typeof WEIGHT_NAMES;

const COMPONENT_OF: Record<ModelName, Component> = { unet: 'unet', vaeEncoder: 'vae', vaeDecoder: 'vae', textEncoder: 'text_encoder' };

/**
 * A diffusers pipeline folder as published (model_index.json, <component>/config.json, safetensors,
 * the tokenizer as vocab.json + merges.txt or tokenizer.json, any SD scheduler config). Everything that
 * decides whether the model can run here is read from the small files first, so a repo of another
 * family is refused before a weight byte is read. A LoRA is fused into the UNet's weights when they are
 * read, once per load (models/lora).
 */
export async function openDiffusersPackage(source: BundleSource, lora?: LoraChoice): Promise<ModelPackage> {
  const label = source.label;
  const index = await readOptionalJson(source, 'model_index.json');
  const [unetJson, vaeJson, textJson, schedulerJson] = await Promise.all(
    ['unet/config.json', 'vae/config.json', 'text_encoder/config.json', 'scheduler/scheduler_config.json'].map((path) => readJson(source, path) as Promise<Json>),
  );
  checkInpaintingFamily({ modelIndex: index, unet: unetJson, textEncoder: textJson }, label);
  const unet = parseUnetConfig(unetJson!, label);
  const vae = parseVaeConfig(vaeJson!, label);
  const text = parseClipTextConfig(textJson!, label);
  if (unet.outChannels !== vae.latentChannels) {
    throw new EngineError('bundle-mismatch', `${label}: the UNet makes ${unet.outChannels} latent channels but the VAE has ${vae.latentChannels}; the components do not belong together.`);
  }
  const tokenizerJson = await readRepoTokenizer(source);
  const tokenizer = new Tokenizer(tokenizerJson as object, {});
  const family = familyFromTokens((token) => tokenizer.token_to_id(token) !== undefined, label);
  const weightPaths = {
    unet: await chooseWeights(source, 'unet'),
    vae: await chooseWeights(source, 'vae'),
    text_encoder: await chooseWeights(source, 'text_encoder'),
  };
  const vaeScaleFactor = 2 ** (vae.blockOutChannels.length - 1);
  const manifest: BundleManifest = {
    ...family,
    version: typeof index?._diffusers_version === 'string' ? `diffusers ${index._diffusers_version}` : 'diffusers',
    name: label,
    precision: weightPaths.unet.includes('.fp16.') ? 'fp16' : 'fp32',
    sampleSize: unet.sampleSize,
    vaeScaleFactor,
    latentChannels: vae.latentChannels,
    scalingFactor: vae.scalingFactor,
    // The UNet graph resizes each upsampled map to its skip connection, as diffusers does for odd
    // latent sides, so any multiple of the VAE's factor runs.
    sizeMultiple: vaeScaleFactor,
    defaults: { steps: 45, guidance: 7.5, scheduler: 'DDIMScheduler' },
    files: listedFiles(source, [...Object.values(weightPaths)]),
  };

  const unetFile = manifest.files.find((f) => f.path === weightPaths.unet);
  type Weights = { index: WeightIndex; files: { path: string; data: Uint8Array }[] };
  const loraInfo: FusedLoraInfo | undefined = lora && { label: lora.file.label, scale: lora.scale };
  const readWeights = async (component: Component): Promise<Weights> => {
    const path = weightPaths[component];
    const bytes = await source.read(path);
    const location = path.slice(path.lastIndexOf('/') + 1);
    const file: WeightFile = { location, path, header: parseSafetensorsHeader(bytes, `${label}/${path}`, bytes.length) };
    const renames = component === 'vae' ? vaeKeyRenames : component === 'text_encoder' ? clipKeyRenames : undefined;
    if (component !== 'unet' || !lora) return { index: new WeightIndex(component, [file], renames), files: [{ path: location, data: bytes }] };
    // The fused tensors are a second file listed after the first: their keys win, the rest still point into the download.
    // On onnxruntime-web's CPU backend whatever runs the model: it is in every build, and the work is done once.
    const adder = await lowRankAdder(webSessions('wasm'));
    const fused = await fuseLora({ path, bytes, header: file.header }, lora.file, lora.scale, adder).finally(() => adder.release());
    loraInfo!.fused = { format: fused.format, tensors: fused.keys.length, bytes: fused.data.length, ms: fused.ms };
    return {
      index: new WeightIndex(component, [file, fused.file]),
      files: [
        { path: location, data: bytes },
        { path: fused.file.location, data: fused.data },
      ],
    };
  };
  // The VAE's encoder and decoder are two graphs over one file, built one after the other: the last file read
  // serves the next graph too (without a cache, reading it again would download it again).
  let last: { component: Component; weights: Promise<Weights> } | undefined;
  const weights = (component: Component): Promise<Weights> => {
    if (last?.component !== component) last = { component, weights: readWeights(component) };
    return last.weights;
  };
  const build: Record<ModelName, (w: WeightIndex, compute: ComputeType) => BuiltGraph> = {
    unet: (w, compute) => buildUnetGraph(unet, w, compute),
    vaeEncoder: (w, compute) => buildVaeEncoderGraph(vae, w, compute),
    vaeDecoder: (w, compute) => buildVaeDecoderGraph(vae, w, compute),
    textEncoder: (w, compute) => buildClipTextGraph(text, w, compute),
  };
  return {
    source,
    layout: 'diffusers',
    manifest,
    tokenizerJson,
    schedulerConfig: schedulerJson as SchedulerConfig,
    computeTypes: manifest.precision === 'fp16' ? ['float32', 'float16'] : ['float32'],
    ...(unetFile && { unetWeights: { bytes: unetFile.bytes, precision: manifest.precision } }),
    ...(loraInfo && { lora: loraInfo }),
    async graph(name, compute): Promise<ModelGraph> {
      const { index: w, files } = await weights(COMPONENT_OF[name]);
      const built = build[name](w, compute);
      if (name === 'textEncoder') checkVocabulary(w, tokenizer, label);
      return { model: built.model, externalData: files.filter((f) => built.weightFiles.includes(f.path)) };
    },
  };
}

/** The tokenizer may have grown (PowerPaint's 30 task tokens): every id it can produce needs an embedding row. */
function checkVocabulary(weights: WeightIndex, tokenizer: Tokenizer, label: string): void {
  const rows = weights.get('text_model.embeddings.token_embedding.weight')!.entry.shape[0]!;
  const size = Math.max(...tokenizer.get_vocab(true).values()) + 1;
  if (size > rows) {
    throw new EngineError('bundle-mismatch', `${label}: the tokenizer has ${size} tokens but the text encoder only ${rows} embedding rows; the tokenizer and the text encoder do not belong together.`);
  }
}

async function chooseWeights(source: BundleSource, component: Component): Promise<string> {
  const candidates = WEIGHT_NAMES[component].map((name) => `${component}/${name}`);
  if (source.listing) {
    const listed = new Set(source.listing.map((f) => f.path));
    const found = candidates.find((path) => listed.has(path));
    if (found) return found;
    const pickles = source.listing.some((f) => f.path.startsWith(`${component}/`) && /\.(bin|ckpt|pt|pth)$/.test(f.path));
    throw new EngineError(
      'missing-file',
      pickles
        ? `${source.label} has its ${component} weights only as PyTorch pickles (.bin), which cannot be loaded safely; pick a repo with .safetensors weights.`
        : `${source.label} has no ${component} weights (${candidates.join(' or ')}).`,
    );
  }
  // Without a listing (a bare URL), ask for each name: the first that exists wins (read whole: slow).
  for (const path of candidates) {
    if (await sourceHas(source, path)) return path;
  }
  throw missingFile(source, candidates.join(' or '));
}

function listedFiles(source: BundleSource, paths: string[]): BundleManifest['files'] {
  const byPath = new Map((source.listing ?? []).map((f: SourceFile) => [f.path, f]));
  return paths.flatMap((path) => {
    const file = byPath.get(path);
    return file ? [{ path, bytes: file.bytes, sha256: file.sha256 ?? '' }] : [];
  });
}
