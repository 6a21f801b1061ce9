/**
 * A tiny PowerPaint (or plain SD-1.5 inpainting) bundle, built in memory in well under a second.
 * Works in Node and in browsers (no node: imports; hashes with WebCrypto), so browser-test servers can
 * serve it straight from the map. Same options -> byte-identical files.
 */
import { buildTextEncoder, buildUnet, buildVaeDecoder, buildVaeEncoder, LATENT_CHANNELS, VAE_SCALE_FACTOR } from './tiny-models.js';
import { buildTinyTokenizer, taskSubTokens } from './tiny-tokenizer.js';

export interface TinyBundleOptions {
  /** input_ids dtype; Optimum writes int32 for CLIP text encoders. Default 'int32'. */
  inputIdsType?: 'int32' | 'int64';
  /** UNet timestep dtype. Default 'int64' (Optimum). */
  timestepType?: 'int64' | 'float32';
  /** UNet timestep shape: [B] ('batch', Optimum) or 0-d ('scalar'). Default 'batch'. */
  timestepShape?: 'batch' | 'scalar';
  /** VAE encoder output channels: 4 (a latent) or 8 (mean + logvar; the engine takes the mean). Default 4. */
  vaeEncoderChannels?: 4 | 8;
  /** false: a plain SD-1.5 inpainting bundle, no P_* tokens, family 'sd15-inpainting'. Default true. */
  taskTokens?: boolean;
  /** A UNet whose output is all NaN, for the engine's NaN guard. Default false. */
  unetNaN?: boolean;
}

/** Latent size of the native sample: 8 latents = 64 px. */
export const TINY_SAMPLE_SIZE = 8;
export const SCALING_FACTOR = 0.18215;
export const MANIFEST_PATH = 'powerpaint.json';

/** diffusers' DDIMScheduler config for SD-1.5 (inpainting), snake_case as diffusers saves it. */
export const DDIM_SCHEDULER_CONFIG = {
  _class_name: 'DDIMScheduler',
  _diffusers_version: '0.27.2',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  clip_sample_range: 1.0,
  dynamic_thresholding_ratio: 0.995,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  rescale_betas_zero_snr: false,
  sample_max_value: 1.0,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  thresholding: false,
  timestep_spacing: 'leading',
  trained_betas: null,
} as const;

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface TinyManifest {
  family: 'powerpaint-v1' | 'sd15-inpainting';
  version: string;
  name: string;
  sampleSize: number;
  vaeScaleFactor: number;
  latentChannels: number;
  scalingFactor: number;
  taskTokens?: Record<string, string[]>;
  defaults: { steps: number; guidance: number; scheduler: string };
  files: ManifestFile[];
}

function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto exists in Node 20 and in browsers (secure contexts); copy to satisfy BufferSource typing.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function buildTinyBundle(options: TinyBundleOptions = {}): Promise<Map<string, Uint8Array>> {
  const withTaskTokens = options.taskTokens ?? true;
  const tokenizer = buildTinyTokenizer(withTaskTokens);
  const files = new Map<string, Uint8Array>([
    ['scheduler/scheduler_config.json', jsonBytes(DDIM_SCHEDULER_CONFIG)],
    ['text_encoder/model.onnx', buildTextEncoder(tokenizer.vocabSize, options.inputIdsType ?? 'int32')],
    ['tokenizer/tokenizer.json', jsonBytes(tokenizer.json)],
    ['unet/model.onnx', buildUnet({
      timestepType: options.timestepType ?? 'int64',
      timestepShape: options.timestepShape ?? 'batch',
      nan: options.unetNaN ?? false,
    })],
    ['vae_decoder/model.onnx', buildVaeDecoder()],
    ['vae_encoder/model.onnx', buildVaeEncoder(options.vaeEncoderChannels ?? 4)],
  ]);

  const listed: ManifestFile[] = [];
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    listed.push({ path, bytes: bytes.length, sha256: await sha256Hex(bytes) });
  }
  const manifest: TinyManifest = {
    family: withTaskTokens ? 'powerpaint-v1' : 'sd15-inpainting',
    version: '1.0.0',
    name: withTaskTokens ? 'PowerPaint v1 (tiny test bundle)' : 'SD-1.5 inpainting (tiny test bundle)',
    sampleSize: TINY_SAMPLE_SIZE,
    vaeScaleFactor: VAE_SCALE_FACTOR,
    latentChannels: LATENT_CHANNELS,
    scalingFactor: SCALING_FACTOR,
    ...(withTaskTokens ? { taskTokens: taskSubTokens() } : {}),
    defaults: { steps: 45, guidance: 7.5, scheduler: 'DDIMScheduler' },
    files: listed,
  };
  files.set(MANIFEST_PATH, jsonBytes(manifest));
  return files;
}
