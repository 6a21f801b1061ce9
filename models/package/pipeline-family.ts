import { EngineError } from '../engine/errors.js';

/** The configs that tell pipeline families apart, as parsed JSON (absent ones are not checked). */
export interface PipelineConfigs {
  /** model_index.json */
  modelIndex?: unknown;
  /** unet/config.json */
  unet?: unknown;
  /** text_encoder/config.json */
  textEncoder?: unknown;
}

/**
 * Refuses, before any weights are downloaded, a repo whose configs say it is no SD-1.5-family
 * inpainting pipeline, naming what it is instead. Sizes are not compared with SD-1.5's (tiny test
 * repos are small): only what tells the families apart, and the channel count inpainting needs
 * (2·C+1: latents, mask, masked-image latents; 9 for SD-1.5), which diffusers reads the same way.
 */
export function checkInpaintingFamily(configs: PipelineConfigs, id: string): void {
  const index = record(configs.modelIndex);
  const unet = record(configs.unet);
  const pipeline = typeof index._class_name === 'string' ? ` (${index._class_name})` : '';
  if ('text_encoder_2' in index || (unet.addition_embed_type ?? null) !== null || /XL/.test(pipeline)) {
    throw mismatch(`${id} is an SDXL model${pipeline}. SDXL is not supported: PowerPaint runs Stable Diffusion 1.5-family inpainting models.`);
  }
  const other = /Upscale|Img2Img|Depth|InstructPix2Pix|ControlNet|Video|Cascade|Flux|StableDiffusion3/.exec(pipeline);
  if (other) throw mismatch(`${id} is a ${pipeline.slice(2, -1)}, not a Stable Diffusion 1.5 inpainting pipeline: pick an inpainting model (PowerPaint v1 or an SD-1.5 inpainting checkpoint).`);
  if (configs.unet === undefined) return;
  if (unet._class_name !== undefined && unet._class_name !== 'UNet2DConditionModel') {
    throw mismatch(`${id}'s unet is a ${String(unet._class_name)}, not Stable Diffusion's UNet2DConditionModel: it is not a Stable Diffusion 1.5 inpainting model.`);
  }
  const sd2 = stableDiffusion2Tell(unet);
  if (sd2) throw mismatch(`${id} is a Stable Diffusion 2 model${pipeline}: ${sd2}. Only Stable Diffusion 1.5-family inpainting models are supported.`);

  // diffusers' defaults when a config leaves them out.
  const latent = integer(unet.out_channels) ?? 4;
  const channels = integer(unet.in_channels) ?? 4;
  const inpainting = 2 * latent + 1;
  if (channels === latent) {
    throw mismatch(
      `${id} is a text-to-image model, not an inpainting model${pipeline}: its UNet takes ${channels} input channels where an inpainting UNet takes ${inpainting} (latents, mask and masked image). Look for an inpainting version of it.`,
    );
  }
  if (channels !== inpainting) {
    throw mismatch(`${id}'s UNet takes ${channels} input channels; an inpainting UNet with ${latent} latent channels takes ${inpainting}. It is not a Stable Diffusion 1.5 inpainting model.`);
  }
  const width = integer(unet.cross_attention_dim);
  const textWidth = integer(record(configs.textEncoder).hidden_size);
  if (width !== undefined && textWidth !== undefined && width !== textWidth) {
    throw mismatch(`${id}'s UNet reads text features ${width} wide but its text encoder writes ${textWidth}: the parts do not belong together.`);
  }
}

/**
 * SD 2.x's UNet reads OpenCLIP-H's 1024-wide text features. Its structural options (linear attention
 * projections, per-block head counts, gelu in the text encoder) are no tell: a config-driven graph reads
 * them, and the tiny fixture tiny-sd/inpainting-options uses them on purpose at other widths.
 */
function stableDiffusion2Tell(unet: Record<string, unknown>): string | undefined {
  return unet.cross_attention_dim === 1024 ? 'its UNet reads 1024-wide OpenCLIP text features (SD-1.5 reads 768-wide CLIP ones)' : undefined;
}

function mismatch(message: string): EngineError {
  return new EngineError('bundle-mismatch', message);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function integer(value: unknown): number | undefined {
  return Number.isInteger(value) ? (value as number) : undefined;
}
