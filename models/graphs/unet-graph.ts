import { BoundGraph, type BuiltGraph, type ComputeType } from './bound-graph.js';
import { conv2d, groupNorm, linear2d, silu } from './layers.js';
import { attr } from './onnx-proto.js';
import { downsample, upsample } from './resample.js';
import { resnetBlock, type NormSpec } from './resnet-block.js';
import { transformer2d, type TransformerSpec } from './transformer-2d.js';
import type { UnetConfig } from './unet-config.js';
import type { WeightIndex } from './weight-index.js';

const SEQUENCE = 'sequence';

/**
 * diffusers' UNet2DConditionModel as an ONNX graph with the Optimum export's names: `sample`
 * [B, 9, h, w], `timestep` int64 [B], `encoder_hidden_states` [B, S, D] -> `out_sample` [B, 4, h, w].
 * Every block follows the module of the same name in diffusers' unet_2d_blocks.py.
 */
export function buildUnetGraph(config: UnetConfig, weights: WeightIndex, compute: ComputeType): BuiltGraph {
  const g = new BoundGraph('unet', compute, weights);
  const sample = g.input('sample', 'float32', ['batch', config.inChannels, 'height', 'width']);
  const timestep = g.input('timestep', 'int64', ['batch']);
  const text = g.input('encoder_hidden_states', 'float32', ['batch', SEQUENCE, config.crossAttentionDim]);
  const temb = silu(g, timeEmbedding(g, config, timestep));
  const norm: NormSpec = { groups: config.groups, eps: config.eps };
  const transformer = (level: number): TransformerSpec => ({
    heads: config.heads[level]!,
    layers: config.transformerLayers[level]!,
    groups: config.groups,
    useLinearProjection: config.useLinearProjection,
    onlyCrossAttention: config.onlyCrossAttention,
  });
  const levels = config.blockOutChannels.length;
  const last = levels - 1;

  let x = conv2d(g, 'conv_in', sample);
  const skips: string[] = [x];
  for (let level = 0; level < levels; level++) {
    for (let j = 0; j < config.layersPerBlock; j++) {
      x = resnetBlock(g, `down_blocks.${level}.resnets.${j}`, x, norm, temb);
      if (config.downAttention[level]) x = transformer2d(g, `down_blocks.${level}.attentions.${j}`, x, text, transformer(level));
      skips.push(x);
    }
    if (level < last) {
      x = downsample(g, `down_blocks.${level}.downsamplers.0`, x, config.downsamplePadding);
      skips.push(x);
    }
  }

  x = resnetBlock(g, 'mid_block.resnets.0', x, norm, temb);
  // diffusers builds UNetMidBlock2DCrossAttn without only_cross_attention: its self-attention attends to the image.
  x = transformer2d(g, 'mid_block.attentions.0', x, text, { ...transformer(last), onlyCrossAttention: false });
  x = resnetBlock(g, 'mid_block.resnets.1', x, norm, temb);

  for (let i = 0; i < levels; i++) {
    const level = last - i;
    for (let j = 0; j <= config.layersPerBlock; j++) {
      x = g.op('Concat', [x, skips.pop()!], { axis: attr.int(1) });
      x = resnetBlock(g, `up_blocks.${i}.resnets.${j}`, x, norm, temb);
      if (config.upAttention[i]) x = transformer2d(g, `up_blocks.${i}.attentions.${j}`, x, text, transformer(level));
    }
    // The next block concatenates the skip on top of the stack first: match its size.
    if (i < last) x = upsample(g, `up_blocks.${i}.upsamplers.0`, x, skips[skips.length - 1]);
  }

  x = conv2d(g, 'conv_out', silu(g, groupNorm(g, 'conv_norm_out', x, config.groups, config.eps)));
  g.output('out_sample', x, ['batch', config.outChannels, 'height', 'width']);
  return g.build();
}

/**
 * diffusers' get_timestep_embedding (sinusoids, optionally cos first, `freq_shift`) then
 * TimestepEmbedding (Linear, SiLU, Linear), in float32: in fp16, 999·f is off by half a radian.
 */
function timeEmbedding(g: BoundGraph, config: UnetConfig, timestep: string): string {
  const dim = g.weights.get('time_embedding.linear_1.weight')?.entry.shape[1] ?? config.blockOutChannels[0]!;
  const half = Math.floor(dim / 2);
  // As torch computes it in float32: -ln(10000)·i, divided by (half − shift), exponentiated.
  const frequencies = Array.from({ length: half }, (_, i) => Math.fround(Math.exp(Math.fround(Math.fround(-Math.log(10000) * i) / Math.fround(half - config.freqShift)))));
  const t = g.op('Unsqueeze', [g.op('Cast', [timestep], { to: attr.int(1) }), g.int64s([-1])]);
  const angles = g.op('Mul', [t, g.constant(frequencies, [half], 'float32')]);
  const [first, second] = config.flipSinToCos ? [g.op('Cos', [angles]), g.op('Sin', [angles])] : [g.op('Sin', [angles]), g.op('Cos', [angles])];
  const projected = g.op('Concat', [first, second], { axis: attr.int(-1) });
  const hidden = silu(g, linear2d(g, 'time_embedding.linear_1', projected, 'float32'));
  return g.toCompute(linear2d(g, 'time_embedding.linear_2', hidden, 'float32'));
}
