/**
 * Tiny fake repos in diffusers' layout for the Hub tests: real-shaped configs with small sizes, and a
 * few random bytes standing in for each safetensors file (nothing here parses weights). Real tiny
 * pipelines for the engine live in test/fixtures/hub-repos/.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from '../bundle-server/test-files.js';

export interface TinyRepoOptions {
  /** Merged into unet/config.json (a 9-channel SD-1.5-style inpainting UNet, 32 wide). */
  unet?: Record<string, unknown>;
  modelIndex?: Record<string, unknown>;
  textEncoder?: Record<string, unknown>;
  /** Which weights variants to write; default both. */
  variants?: ('fp16' | 'fp32')[];
  /** Bytes of each fake safetensors file (fp16 ones half). Default 40 000. */
  weightBytes?: number;
  /** Extra files by path; `null` removes a default one. */
  files?: Record<string, string | Uint8Array | null>;
}

export const TINY_WEIGHTS = {
  unet: 'diffusion_pytorch_model',
  vae: 'diffusion_pytorch_model',
  text_encoder: 'model',
} as const;

/** Writes `root/<owner>/<name>/` and returns the folder. */
export async function writeTinyRepo(root: string, id: string, options: TinyRepoOptions = {}): Promise<string> {
  const folder = join(root, ...id.split('/'));
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: Record<string, string | Uint8Array | null> = {
    'model_index.json': json({
      _class_name: 'StableDiffusionInpaintPipeline',
      _diffusers_version: '0.30.0',
      feature_extractor: ['transformers', 'CLIPImageProcessor'],
      safety_checker: ['stable_diffusion', 'StableDiffusionSafetyChecker'],
      scheduler: ['diffusers', 'PNDMScheduler'],
      text_encoder: ['transformers', 'CLIPTextModel'],
      tokenizer: ['transformers', 'CLIPTokenizer'],
      unet: ['diffusers', 'UNet2DConditionModel'],
      vae: ['diffusers', 'AutoencoderKL'],
      ...options.modelIndex,
    }),
    'scheduler/scheduler_config.json': json({ _class_name: 'PNDMScheduler', beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', num_train_timesteps: 1000, skip_prk_steps: true }),
    'unet/config.json': json({
      _class_name: 'UNet2DConditionModel',
      in_channels: 9,
      out_channels: 4,
      cross_attention_dim: 32,
      attention_head_dim: 8,
      block_out_channels: [32, 64],
      down_block_types: ['CrossAttnDownBlock2D', 'DownBlock2D'],
      up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D'],
      layers_per_block: 1,
      sample_size: 8,
      ...options.unet,
    }),
    'vae/config.json': json({ _class_name: 'AutoencoderKL', in_channels: 3, out_channels: 3, latent_channels: 4, block_out_channels: [32, 64], sample_size: 64 }),
    'text_encoder/config.json': json({ architectures: ['CLIPTextModel'], hidden_act: 'quick_gelu', hidden_size: 32, num_attention_heads: 4, num_hidden_layers: 2, vocab_size: 1000, ...options.textEncoder }),
    'tokenizer/vocab.json': json({ '<|startoftext|>': 0, '<|endoftext|>': 1, 'a</w>': 2 }),
    'tokenizer/merges.txt': '#version: 0.2\na </w>\n',
    'tokenizer/special_tokens_map.json': json({ bos_token: '<|startoftext|>', eos_token: '<|endoftext|>' }),
    'tokenizer/tokenizer_config.json': json({ model_max_length: 77 }),
    'feature_extractor/preprocessor_config.json': json({ crop_size: 224 }),
    'safety_checker/config.json': json({ _name_or_path: 'CompVis/stable-diffusion-safety-checker' }),
    'safety_checker/model.safetensors': randomBytes(5000, 99),
    'README.md': '# A tiny fake repo for tests\n',
  };
  const weightBytes = options.weightBytes ?? 40_000;
  let seed = 1;
  for (const [component, stem] of Object.entries(TINY_WEIGHTS)) {
    for (const variant of options.variants ?? ['fp16', 'fp32']) {
      const bytes = variant === 'fp16' ? weightBytes / 2 : weightBytes;
      files[`${component}/${stem}${variant === 'fp16' ? '.fp16' : ''}.safetensors`] = randomBytes(bytes, seed++);
    }
  }
  Object.assign(files, options.files);
  await rm(folder, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    if (content === null) continue;
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  return folder;
}
