import { missingFile, readJson, type BundleSource } from '../bundle/bundle-source.js';
import { EngineError } from '../engine/errors.js';
import type { RgbaImage } from '../engine/types.js';
import type { ComputeType } from '../graphs/bound-graph.js';
import { buildTaesdDecoderGraph, parseTaesdConfig, type TaesdConfig } from '../graphs/taesd-decoder-graph.js';
import { WeightIndex } from '../graphs/weight-index.js';
import { tensorToImage } from '../pipeline/image-tensor.js';
import { decodeLatents } from '../pipeline/vae.js';
import { createModelSession, type ModelSession, type SessionFactory } from '../runtime/model-session.js';
import { MODEL_SPECS } from '../runtime/model-specs.js';
import { parseSafetensorsHeader } from '../safetensors/safetensors-header.js';
import type { LatentGeometry } from './linear-preview.js';
import type { PreviewDecoder } from './preview-decoder.js';

/** TAESD's decoder as a session: the VAE decoder's inputs and outputs, so the VAE's decode step runs it. */
export interface TaesdDecoder {
  session: ModelSession;
  config: TaesdConfig;
  label: string;
}

/** The repository's weights, best first, as madebyollin/taesd publishes them (at its root). */
export const TAESD_WEIGHT_NAMES = ['diffusion_pytorch_model.fp16.safetensors', 'diffusion_pytorch_model.safetensors'];

/**
 * TAESD (`madebyollin/taesd`, diffusers' AutoencoderTiny) from a source holding its `config.json` and safetensors:
 * the decoder graph built from the config and bound to the file's bytes, as the pipeline's graphs are.
 */
export async function openTaesdDecoder(source: BundleSource, create: SessionFactory, compute: ComputeType): Promise<TaesdDecoder> {
  const config = parseTaesdConfig((await readJson(source, 'config.json')) as Record<string, unknown>, source.label);
  const { path, bytes } = await readWeights(source);
  const header = parseSafetensorsHeader(bytes, `${source.label}/${path}`, bytes.length);
  const { model } = buildTaesdDecoderGraph(config, new WeightIndex('taesd', [{ location: path, path, header }]), compute);
  const spec = { ...MODEL_SPECS.vaeDecoder, path: `${source.label} (TAESD decoder)` };
  const session = await createModelSession(spec, model, create, [{ path, data: bytes }]);
  return { session, config, label: source.label };
}

/** The first weight file the source has: from its listing where it has one, else by asking for each. */
async function readWeights(source: BundleSource): Promise<{ path: string; bytes: Uint8Array }> {
  const names = source.listing ? TAESD_WEIGHT_NAMES.filter((name) => source.listing!.some((file) => file.path === name)) : TAESD_WEIGHT_NAMES;
  for (const path of names) {
    try {
      return { path, bytes: await source.read(path) };
    } catch (error) {
      if (!(error instanceof EngineError && error.code === 'missing-file')) throw error;
    }
  }
  throw missingFile(source, TAESD_WEIGHT_NAMES.join(' or '));
}

/** Previews through TAESD: the estimate decoded at the run's size, with the source's alpha as the result has. */
export function taesdPreviewDecoder(taesd: TaesdDecoder, geometry: LatentGeometry, alphaSource: RgbaImage): PreviewDecoder {
  const { channels, latentWidth, latentHeight, scale } = geometry;
  return {
    async decode(latents) {
      const decoded = await decodeLatents(taesd.session, latents, [1, channels, latentHeight, latentWidth], taesd.config.scalingFactor);
      return tensorToImage(decoded, latentWidth * scale, latentHeight * scale, alphaSource);
    },
  };
}
