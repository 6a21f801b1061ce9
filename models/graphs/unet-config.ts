import { EngineError } from '../engine/errors.js';

/** What the UNet builder reads from `unet/config.json` (diffusers' UNet2DConditionModel), resolved. */
export interface UnetConfig {
  inChannels: number;
  outChannels: number;
  blockOutChannels: number[];
  layersPerBlock: number;
  /** Per down block: has cross-attention (CrossAttnDownBlock2D) or not (DownBlock2D). */
  downAttention: boolean[];
  /** Per up block, in the order they run. */
  upAttention: boolean[];
  /** Heads per down block (the up blocks use them reversed, the mid block the last). */
  heads: number[];
  transformerLayers: number[];
  crossAttentionDim: number;
  groups: number;
  eps: number;
  downsamplePadding: number;
  flipSinToCos: boolean;
  freqShift: number;
  useLinearProjection: boolean;
  /** Down and up blocks' self-attention attends to the text instead (the mid block's never does). */
  onlyCrossAttention: boolean;
  sampleSize: number;
}

type Json = Record<string, unknown>;

const DOWN_BLOCKS: Record<string, boolean> = { CrossAttnDownBlock2D: true, DownBlock2D: false };
const UP_BLOCKS: Record<string, boolean> = { CrossAttnUpBlock2D: true, UpBlock2D: false };

/**
 * Resolves diffusers' UNet config the way UNet2DConditionModel's constructor does, refusing structure this
 * builder does not make (class or added embeddings, other block or time-embedding types). Which family a
 * repo is (text-to-image, SDXL, SD-2) is told first, in words, by package/pipeline-family.ts.
 */
export function parseUnetConfig(config: Json, label: string): UnetConfig {
  const refuse = (what: string) => new EngineError('bundle-mismatch', `${label}: ${what}`);
  if (config.class_embed_type != null || config.num_class_embeds != null) throw refuse('the UNet takes class embeddings (an upscaler or variation model), not an SD-1.5 inpainting UNet.');
  const inChannels = intOf(config, 'in_channels', 4);
  const outChannels = intOf(config, 'out_channels', 4);
  for (const [key, expected] of [['time_embedding_type', 'positional'], ['resnet_time_scale_shift', 'default'], ['act_fn', 'silu'], ['mid_block_type', 'UNetMidBlock2DCrossAttn']] as const) {
    if (config[key] != null && config[key] !== expected) throw refuse(`its UNet config has ${key} "${String(config[key])}"; SD-1.5-family UNets have "${expected}".`);
  }
  for (const key of ['addition_embed_type', 'encoder_hid_dim', 'encoder_hid_dim_type', 'time_cond_proj_dim', 'attention_type'] as const) {
    if (config[key] != null && !(key === 'attention_type' && config[key] === 'default')) throw refuse(`its UNet config sets ${key}, which SD-1.5-family UNets do not use.`);
  }
  if (config.dual_cross_attention === true || (config.center_input_sample ?? false) !== false) throw refuse('its UNet uses options SD-1.5-family UNets do not (dual cross-attention or a centred input).');
  if ((config.conv_in_kernel ?? 3) !== 3 || (config.conv_out_kernel ?? 3) !== 3 || (config.mid_block_scale_factor ?? 1) !== 1) throw refuse('its UNet has non-standard conv kernels or mid-block scaling.');

  const blockOutChannels = intsOf(config, 'block_out_channels', [320, 640, 1280, 1280]);
  const levels = blockOutChannels.length;
  const downTypes = stringsOf(config, 'down_block_types', ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D']);
  const upTypes = stringsOf(config, 'up_block_types', ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D']);
  const blockKind = (table: Record<string, boolean>, type: string) => {
    if (!(type in table)) throw refuse(`its UNet has a ${type}, a block SD-1.5-family UNets do not have.`);
    return table[type]!;
  };
  if (downTypes.length !== levels || upTypes.length !== levels) throw refuse('its UNet config lists a different number of blocks than block_out_channels.');
  const perLevel = (key: string, fallback: number | number[] | null): number[] => {
    const value = config[key] ?? fallback;
    if (Array.isArray(value)) {
      if (value.length !== levels || !value.every((v) => Number.isInteger(v) && v > 0)) throw refuse(`its UNet config's ${key} must list one positive integer per block.`);
      return value as number[];
    }
    if (!Number.isInteger(value) || (value as number) <= 0) throw refuse(`its UNet config's ${key} must be a positive integer.`);
    return new Array<number>(levels).fill(value as number);
  };
  // diffusers' naming quirk: SD's `attention_head_dim` is the number of heads when num_attention_heads is unset.
  const heads = perLevel(config.num_attention_heads != null ? 'num_attention_heads' : 'attention_head_dim', 8);
  const transformerLayers = perLevel('transformer_layers_per_block', 1);
  const layersPerBlock = intOf(config, 'layers_per_block', 2);
  const onlyCross = config.only_cross_attention ?? false;
  if (Array.isArray(onlyCross) ? onlyCross.some((v) => v !== onlyCross[0]) : typeof onlyCross !== 'boolean') throw refuse('its UNet config mixes only_cross_attention per block, which this builder does not support.');
  const crossAttentionDim = config.cross_attention_dim ?? 1280;
  if (!Number.isInteger(crossAttentionDim)) throw refuse('its UNet config has a cross_attention_dim per block, which SD-1.5-family UNets do not.');
  if (typeof config.layers_per_block !== 'number' && config.layers_per_block != null) throw refuse('its UNet config lists layers_per_block per block, which SD-1.5-family UNets do not.');
  return {
    inChannels,
    outChannels,
    blockOutChannels,
    layersPerBlock,
    downAttention: downTypes.map((t) => blockKind(DOWN_BLOCKS, t)),
    upAttention: upTypes.map((t) => blockKind(UP_BLOCKS, t)),
    heads,
    transformerLayers,
    crossAttentionDim: crossAttentionDim as number,
    groups: intOf(config, 'norm_num_groups', 32),
    eps: numberOf(config, 'norm_eps', 1e-5),
    downsamplePadding: intOf(config, 'downsample_padding', 1, true),
    flipSinToCos: (config.flip_sin_to_cos ?? true) === true,
    freqShift: numberOf(config, 'freq_shift', 0),
    useLinearProjection: config.use_linear_projection === true,
    onlyCrossAttention: Array.isArray(onlyCross) ? onlyCross[0] === true : onlyCross === true,
    sampleSize: intOf(config, 'sample_size', 64),
  };
}

export function intOf(config: Json, key: string, fallback: number, zeroAllowed = false): number {
  const value = config[key] ?? fallback;
  if (!Number.isInteger(value) || (value as number) < (zeroAllowed ? 0 : 1)) throw new EngineError('bundle-mismatch', `config.json: "${key}" must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer (got ${JSON.stringify(value)}).`);
  return value as number;
}

export function numberOf(config: Json, key: string, fallback: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new EngineError('bundle-mismatch', `config.json: "${key}" must be a number (got ${JSON.stringify(value)}).`);
  return value;
}

export function intsOf(config: Json, key: string, fallback: number[]): number[] {
  const value = config[key] ?? fallback;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => Number.isInteger(v) && v > 0)) throw new EngineError('bundle-mismatch', `config.json: "${key}" must be a list of positive integers (got ${JSON.stringify(value)}).`);
  return value as number[];
}

export function stringsOf(config: Json, key: string, fallback: string[]): string[] {
  const value = config[key] ?? fallback;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new EngineError('bundle-mismatch', `config.json: "${key}" must be a list of names (got ${JSON.stringify(value)}).`);
  return value as string[];
}
