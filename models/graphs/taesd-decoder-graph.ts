import { EngineError } from '../engine/errors.js';
import { BoundGraph, type BuiltGraph, type ComputeType } from './bound-graph.js';
import { conv2d } from './layers.js';
import { nearestUpsample } from './resample.js';
import { intOf, intsOf, numberOf } from './unet-config.js';
import type { WeightIndex } from './weight-index.js';

/** What the decoder reads from an AutoencoderTiny `config.json` (diffusers; madebyollin/taesd's). */
export interface TaesdConfig {
  latentChannels: number;
  blockOutChannels: number[];
  /** AutoencoderTinyBlocks per level, last level last. */
  blocks: number[];
  /** The upsampler's factor between levels. */
  upscale: number;
  scalingFactor: number;
}

export function parseTaesdConfig(config: Record<string, unknown>, label: string): TaesdConfig {
  const refuse = (what: string) => new EngineError('bundle-mismatch', `${label}: ${what}`);
  if (config._class_name !== undefined && config._class_name !== 'AutoencoderTiny') throw refuse(`it is a ${String(config._class_name)}, not an AutoencoderTiny (TAESD).`);
  const act = config.act_fn ?? 'relu';
  if (act !== 'relu') throw refuse(`its activation is ${String(act)}; only TAESD's relu is built.`);
  const blockOutChannels = intsOf(config, 'decoder_block_out_channels', [64, 64, 64, 64]);
  const blocks = intsOf(config, 'num_decoder_blocks', [3, 3, 3, 1]);
  if (blocks.length !== blockOutChannels.length) throw refuse('num_decoder_blocks and decoder_block_out_channels differ in length.');
  if (intOf(config, 'out_channels', 3) !== 3) throw refuse('its decoder does not make RGB images.');
  if ((config.upsample_fn ?? 'nearest') !== 'nearest') throw refuse(`its upsampler is ${String(config.upsample_fn)}; only nearest is built.`);
  return {
    latentChannels: intOf(config, 'latent_channels', 4),
    blockOutChannels,
    blocks,
    upscale: intOf(config, 'upsampling_scaling_factor', 2),
    scalingFactor: numberOf(config, 'scaling_factor', 1),
  };
}

/**
 * diffusers' DecoderTiny: `latent_sample` [B, L, h, w] (as AutoencoderTiny.decode takes it) -> `sample`
 * [B, 3, h·f, w·f] in [−1, 1]. Its `layers` are one nn.Sequential, so a weight's key is its position there:
 * conv, ReLU, then per level its AutoencoderTinyBlocks, a nearest upsample (not after the last) and a conv.
 */
export function buildTaesdDecoderGraph(config: TaesdConfig, weights: WeightIndex, compute: ComputeType): BuiltGraph {
  if (config.upscale !== 2) throw new EngineError('bundle-mismatch', `TAESD with upsampling_scaling_factor ${config.upscale}: only 2 is built.`);
  const g = new BoundGraph('taesd_decoder', compute, weights);
  let x = g.input('latent_sample', 'float32', ['batch', config.latentChannels, 'latent_height', 'latent_width']);
  // The clamp diffusers applies first: tanh(x / 3) · 3.
  x = g.op('Mul', [g.op('Tanh', [g.op('Div', [x, g.scalar(3)])]), g.scalar(3)]);
  let n = 0;
  x = g.op('Relu', [conv2d(g, `decoder.layers.${n}`, x)]);
  n += 2;
  config.blocks.forEach((count, level) => {
    for (let b = 0; b < count; b++) x = tinyBlock(g, `decoder.layers.${n++}`, x);
    if (level < config.blocks.length - 1) {
      x = nearestUpsample(g, x);
      n++;
    }
    x = conv2d(g, `decoder.layers.${n++}`, x);
  });
  // From [0, 1] to diffusers' [−1, 1].
  x = g.op('Sub', [g.op('Mul', [x, g.scalar(2)]), g.scalar(1)]);
  g.output('sample', x, ['batch', 3, 'height', 'width']);
  return g.build();
}

/** AutoencoderTinyBlock: ReLU(conv-ReLU-conv-ReLU-conv(x) + x) (the decoder's blocks keep their width: skip is identity). */
function tinyBlock(g: BoundGraph, key: string, x: string): string {
  let y = g.op('Relu', [conv2d(g, `${key}.conv.0`, x)]);
  y = g.op('Relu', [conv2d(g, `${key}.conv.2`, y)]);
  y = conv2d(g, `${key}.conv.4`, y);
  return g.op('Relu', [g.op('Add', [y, x])]);
}
