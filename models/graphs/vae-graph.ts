import { EngineError } from '../engine/errors.js';
import { attention } from './attention.js';
import { BoundGraph, type BuiltGraph, type ComputeType } from './bound-graph.js';
import { conv2d, fromTokens, groupNorm, silu, toTokens } from './layers.js';
import { downsample, upsample } from './resample.js';
import { resnetBlock, type NormSpec } from './resnet-block.js';
import { intOf, intsOf, numberOf, stringsOf } from './unet-config.js';
import type { WeightIndex } from './weight-index.js';

/** What the VAE builders read from `vae/config.json` (diffusers' AutoencoderKL). */
export interface VaeConfig {
  blockOutChannels: number[];
  layersPerBlock: number;
  latentChannels: number;
  groups: number;
  scalingFactor: number;
  midBlockAttention: boolean;
  useQuantConv: boolean;
  usePostQuantConv: boolean;
}

export function parseVaeConfig(config: Record<string, unknown>, label: string): VaeConfig {
  const refuse = (what: string) => new EngineError('bundle-mismatch', `${label}: ${what}`);
  const blockOutChannels = intsOf(config, 'block_out_channels', [64]);
  const down = stringsOf(config, 'down_block_types', blockOutChannels.map(() => 'DownEncoderBlock2D'));
  const up = stringsOf(config, 'up_block_types', blockOutChannels.map(() => 'UpDecoderBlock2D'));
  if (down.some((t) => t !== 'DownEncoderBlock2D') || up.some((t) => t !== 'UpDecoderBlock2D')) throw refuse('its VAE is not an AutoencoderKL with DownEncoderBlock2D/UpDecoderBlock2D blocks.');
  if (intOf(config, 'in_channels', 3) !== 3 || intOf(config, 'out_channels', 3) !== 3) throw refuse('its VAE does not map RGB images.');
  return {
    blockOutChannels,
    layersPerBlock: intOf(config, 'layers_per_block', 1),
    latentChannels: intOf(config, 'latent_channels', 4),
    groups: intOf(config, 'norm_num_groups', 32),
    scalingFactor: numberOf(config, 'scaling_factor', 0.18215),
    midBlockAttention: config.mid_block_add_attention !== false,
    useQuantConv: config.use_quant_conv !== false,
    usePostQuantConv: config.use_post_quant_conv !== false,
  };
}

/** Checkpoints saved before diffusers 0.14 name the VAE's attention weights query/key/value/proj_attn. */
export function vaeKeyRenames(key: string): string[] {
  const old = key.replace(/\.to_q\./, '.query.').replace(/\.to_k\./, '.key.').replace(/\.to_v\./, '.value.').replace(/\.to_out\.0\./, '.proj_attn.');
  return old === key ? [] : [old];
}

const VAE_EPS = 1e-6;

/** Encoder + quant_conv: `sample` [B, 3, H, W] in [−1, 1] -> `latent_sample` [B, 2L, H/f, W/f] (mean ‖ log-variance). */
export function buildVaeEncoderGraph(config: VaeConfig, weights: WeightIndex, compute: ComputeType): BuiltGraph {
  const g = new BoundGraph('vae_encoder', compute, weights);
  const norm: NormSpec = { groups: config.groups, eps: VAE_EPS };
  let x = conv2d(g, 'encoder.conv_in', g.input('sample', 'float32', ['batch', 3, 'height', 'width']));
  const last = config.blockOutChannels.length - 1;
  config.blockOutChannels.forEach((_, level) => {
    for (let j = 0; j < config.layersPerBlock; j++) x = resnetBlock(g, `encoder.down_blocks.${level}.resnets.${j}`, x, norm);
    if (level < last) x = downsample(g, `encoder.down_blocks.${level}.downsamplers.0`, x, 0);
  });
  x = midBlock(g, 'encoder.mid_block', x, config, norm);
  x = conv2d(g, 'encoder.conv_out', silu(g, groupNorm(g, 'encoder.conv_norm_out', x, config.groups, VAE_EPS)));
  if (config.useQuantConv) x = conv2d(g, 'quant_conv', x);
  g.output('latent_sample', x, ['batch', 2 * config.latentChannels, 'latent_height', 'latent_width']);
  return g.build();
}

/** post_quant_conv + decoder: `latent_sample` [B, L, h, w] (unscaled) -> `sample` [B, 3, h·f, w·f]. */
export function buildVaeDecoderGraph(config: VaeConfig, weights: WeightIndex, compute: ComputeType): BuiltGraph {
  const g = new BoundGraph('vae_decoder', compute, weights);
  const norm: NormSpec = { groups: config.groups, eps: VAE_EPS };
  let x = g.input('latent_sample', 'float32', ['batch', config.latentChannels, 'latent_height', 'latent_width']);
  if (config.usePostQuantConv) x = conv2d(g, 'post_quant_conv', x);
  x = midBlock(g, 'decoder.mid_block', conv2d(g, 'decoder.conv_in', x), config, norm);
  const levels = config.blockOutChannels.length;
  for (let i = 0; i < levels; i++) {
    for (let j = 0; j <= config.layersPerBlock; j++) x = resnetBlock(g, `decoder.up_blocks.${i}.resnets.${j}`, x, norm);
    if (i < levels - 1) x = upsample(g, `decoder.up_blocks.${i}.upsamplers.0`, x);
  }
  x = conv2d(g, 'decoder.conv_out', silu(g, groupNorm(g, 'decoder.conv_norm_out', x, config.groups, VAE_EPS)));
  g.output('sample', x, ['batch', 3, 'height', 'width']);
  return g.build();
}

/** UNetMidBlock2D: resnet, single-head attention over pixels (with its own GroupNorm, residual), resnet. */
function midBlock(g: BoundGraph, key: string, x: string, config: VaeConfig, norm: NormSpec): string {
  x = resnetBlock(g, `${key}.resnets.0`, x, norm);
  if (config.midBlockAttention) {
    const attn = `${key}.attentions.0`;
    const tokens = toTokens(g, groupNorm(g, `${attn}.group_norm`, x, config.groups, VAE_EPS));
    x = g.op('Add', [fromTokens(g, attention(g, attn, tokens, tokens, 1), x), x]);
  }
  return resnetBlock(g, `${key}.resnets.1`, x, norm);
}
