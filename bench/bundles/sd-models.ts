/**
 * SD-1.5 inpainting's four models with SD-1.5's structure, at any width: the real shapes
 * (`SD15_SHAPES`, for the GPU script) or scaled down (`SD_LIKE_SHAPES`, for the CPU benchmark).
 * Inputs, outputs, dtypes and layouts are those of an Optimum export, so the engine runs them as it
 * runs a real bundle. Weights are seeded random: the numbers mean nothing, the compute is real.
 */
import type { ComputeType, OnnxBuilder as Builder } from './onnx-builder.js';
import { OnnxBuilder, attr, type BuiltModel } from './onnx-builder.js';
import { conv, groupNorm, layerNorm, linear, pixelAttention, resnet, silu, spatialTransformer, upsample, type NormSpec } from './sd-layers.js';

export interface SdShapes {
  name: string;
  unet: {
    /** Per level: SD-1.5 is [320, 640, 1280, 1280], cross-attention on all but the last level. */
    channels: number[];
    layersPerBlock: number;
    heads: number;
    groups: number;
  };
  text: { width: number; layers: number; heads: number; vocab: number };
  vae: { channels: number[]; layersPerBlock: number; groups: number };
  /** Latent side the MAC counts are for (64 for SD-1.5: 512 px). */
  designLatent: number;
}

export const SD15_SHAPES: SdShapes = {
  name: 'SD-1.5 shapes',
  unet: { channels: [320, 640, 1280, 1280], layersPerBlock: 2, heads: 8, groups: 32 },
  text: { width: 768, layers: 12, heads: 12, vocab: 49408 },
  vae: { channels: [128, 256, 512, 512], layersPerBlock: 2, groups: 32 },
  designLatent: 64,
};

/**
 * SD-1.5's structure at 1/10 of its UNet width (1/8 of the VAE's), one attention head: a 20-step wasm run
 * at 64x64 latents takes tens of seconds on one CPU thread. One head keeps the 4096x4096 attention
 * scores of the top level at 64 MB a batch item (SD-1.5's 8 heads would be 512 MB).
 */
export const SD_LIKE_SHAPES: SdShapes = {
  name: 'SD-like (SD-1.5 structure, scaled down)',
  unet: { channels: [16, 32, 64, 64], layersPerBlock: 2, heads: 1, groups: 8 },
  text: { width: 128, layers: 4, heads: 4, vocab: 1024 },
  vae: { channels: [8, 16, 32, 32], layersPerBlock: 2, groups: 4 },
  designLatent: 64,
};

export const SEQUENCE_LENGTH = 77;
export const LATENT_CHANNELS = 4;
export const VAE_SCALE_FACTOR = 8;

export interface ModelOptions {
  compute?: ComputeType;
  /** Weights in `model.onnx_data` (needed past 2 GB). */
  externalData?: boolean;
  /** Count parameters and MACs without drawing weights. */
  countOnly?: boolean;
}

function builder(name: string, options: ModelOptions): Builder {
  return new OnnxBuilder(name, options.compute ?? 'float32', options.externalData ?? false, options.countOnly ?? false);
}

/** diffusers' UNet2DConditionModel with SD-1.5's block layout and 9 input channels. */
export function buildSdUnet(shapes: SdShapes, options: ModelOptions = {}): BuiltModel {
  const { channels, layersPerBlock, heads, groups } = shapes.unet;
  const g = builder('unet', options);
  const norm: NormSpec = { groups, eps: 1e-5 };
  const c0 = channels[0]!;
  const tembWidth = 4 * c0;
  const D = shapes.text.width;
  const sample = g.input('sample', 'float32', ['batch', 2 * LATENT_CHANNELS + 1, 'height', 'width']);
  const timestep = g.input('timestep', 'int64', ['batch']);
  const states = g.input('encoder_hidden_states', 'float32', ['batch', SEQUENCE_LENGTH, D]);
  const text = { states, width: D, length: SEQUENCE_LENGTH };

  // Timestep: sinusoidal projection (flip_sin_to_cos, shift 0), then Linear-SiLU-Linear.
  const half = c0 / 2;
  const frequencies = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  const t = g.op('Unsqueeze', [g.op('Cast', [timestep], { to: attr.int(g.compute === 'float16' ? 10 : 1) }), g.int64s([-1])]);
  const angles = g.op('Mul', [t, g.constant('time_proj.frequencies', [half], frequencies)]);
  const projected = g.op('Concat', [g.op('Cos', [angles]), g.op('Sin', [angles])], { axis: attr.int(-1) });
  const embedding = linear(g, 'time_embedding.linear_2', silu(g, linear(g, 'time_embedding.linear_1', projected, c0, tembWidth, 1)), tembWidth, tembWidth, 1);
  const temb = { value: silu(g, embedding), width: tembWidth };

  let hw = shapes.designLatent ** 2;
  let x = conv(g, 'conv_in', sample, 2 * LATENT_CHANNELS + 1, c0, hw, { kernel: 3 });
  let width = c0;
  const skips: { value: string; channels: number }[] = [{ value: x, channels: c0 }];
  const last = channels.length - 1;
  channels.forEach((cout, level) => {
    for (let j = 0; j < layersPerBlock; j++) {
      const prefix = `down_blocks.${level}`;
      x = resnet(g, `${prefix}.resnets.${j}`, x, width, cout, hw, norm, temb);
      width = cout;
      if (level < last) x = spatialTransformer(g, `${prefix}.attentions.${j}`, x, cout, hw, text, heads, norm);
      skips.push({ value: x, channels: cout });
    }
    if (level < last) {
      hw /= 4;
      x = conv(g, `down_blocks.${level}.downsamplers.0.conv`, x, cout, cout, hw, { kernel: 3, stride: 2 });
      skips.push({ value: x, channels: cout });
    }
  });
  const cm = channels[last]!;
  x = resnet(g, 'mid_block.resnets.0', x, cm, cm, hw, norm, temb);
  x = spatialTransformer(g, 'mid_block.attentions.0', x, cm, hw, text, heads, norm);
  x = resnet(g, 'mid_block.resnets.1', x, cm, cm, hw, norm, temb);
  [...channels].reverse().forEach((cout, i) => {
    const prefix = `up_blocks.${i}`;
    for (let j = 0; j <= layersPerBlock; j++) {
      const skip = skips.pop()!;
      x = g.op('Concat', [x, skip.value], { axis: attr.int(1) });
      x = resnet(g, `${prefix}.resnets.${j}`, x, width + skip.channels, cout, hw, norm, temb);
      width = cout;
      if (i > 0) x = spatialTransformer(g, `${prefix}.attentions.${j}`, x, cout, hw, text, heads, norm);
    }
    if (i < last) {
      hw *= 4;
      x = upsample(g, `${prefix}.upsamplers.0`, x, cout, hw);
    }
  });
  x = silu(g, groupNorm(g, 'conv_norm_out', x, c0, groups, 1e-5));
  x = conv(g, 'conv_out', x, c0, LATENT_CHANNELS, hw, { kernel: 3 });
  g.output('out_sample', x, ['batch', LATENT_CHANNELS, 'height', 'width']);
  return g.build();
}

/** CLIP's text transformer: token + position embeddings, pre-LN causal layers, quick-GELU MLP. */
export function buildSdTextEncoder(shapes: SdShapes, vocabAtLeast: number, options: ModelOptions = {}): BuiltModel {
  const { width: D, layers, heads } = shapes.text;
  const vocab = Math.max(shapes.text.vocab, vocabAtLeast);
  const L = SEQUENCE_LENGTH;
  const g = builder('text_encoder', options);
  const ids = g.input('input_ids', 'int32', ['batch', L]);
  let x = g.op('Add', [
    g.op('Gather', [g.weight('embeddings.token_embedding.weight', [vocab, D], 1), ids], { axis: attr.int(0) }),
    g.weight('embeddings.position_embedding.weight', [L, D], 1),
  ]);
  const causal = new Float32Array(L * L);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) causal[i * L + j] = -10000;
  const mask = g.constant('causal_mask', [L, L], causal);
  for (let l = 0; l < layers; l++) {
    const p = `encoder.layers.${l}`;
    const normed = layerNorm(g, `${p}.layer_norm1`, x, D);
    x = g.op('Add', [x, maskedSelfAttention(g, `${p}.self_attn`, normed, D, heads, mask)]);
    const h = linear(g, `${p}.mlp.fc1`, layerNorm(g, `${p}.layer_norm2`, x, D), D, 4 * D, L);
    const quickGelu = g.op('Mul', [h, g.op('Sigmoid', [g.op('Mul', [h, g.scalar(1.702)])])]);
    x = g.op('Add', [x, linear(g, `${p}.mlp.fc2`, quickGelu, 4 * D, D, L)]);
  }
  const hidden = layerNorm(g, 'final_layer_norm', x, D);
  g.output('last_hidden_state', hidden, ['batch', L, D]);
  // CLIP pools the EOS token; the engine never reads pooler_output, a mean is enough.
  g.output('pooler_output', g.op('ReduceMean', [hidden], { axes: attr.ints([1]), keepdims: attr.int(0) }), ['batch', D]);
  return g.build();
}

/** CLIP self-attention with the causal mask added to the scores (q/k/v with bias). */
function maskedSelfAttention(g: Builder, name: string, x: string, c: number, heads: number, mask: string): string {
  const L = SEQUENCE_LENGTH;
  const hd = c / heads;
  const q = linear(g, `${name}.q_proj`, x, c, c, L);
  const k = linear(g, `${name}.k_proj`, x, c, c, L);
  const v = linear(g, `${name}.v_proj`, x, c, c, L);
  const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.int64s([0, 0, heads, hd])])], { perm: attr.ints(perm) });
  g.macs += 2 * L * L * c;
  const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [split(q, [0, 2, 1, 3]), split(k, [0, 2, 3, 1])]), g.scalar(1 / Math.sqrt(hd))]), mask]);
  const out = g.op('MatMul', [g.op('Softmax', [scores], { axis: attr.int(-1) }), split(v, [0, 2, 1, 3])]);
  return linear(g, `${name}.out_proj`, g.op('Reshape', [g.op('Transpose', [out], { perm: attr.ints([0, 2, 1, 3]) }), g.int64s([0, 0, c])]), c, c, L);
}

/** AutoencoderKL's encoder + quant_conv: image [-1, 1] -> mean and log-variance (8 channels). */
export function buildSdVaeEncoder(shapes: SdShapes, options: ModelOptions = {}): BuiltModel {
  const { channels, layersPerBlock, groups } = shapes.vae;
  const g = builder('vae_encoder', options);
  const norm: NormSpec = { groups, eps: 1e-6 };
  let hw = (shapes.designLatent * VAE_SCALE_FACTOR) ** 2;
  const sample = g.input('sample', 'float32', ['batch', 3, 'height', 'width']);
  let x = conv(g, 'encoder.conv_in', sample, 3, channels[0]!, hw, { kernel: 3 });
  let width = channels[0]!;
  const last = channels.length - 1;
  channels.forEach((cout, level) => {
    for (let j = 0; j < layersPerBlock; j++) {
      x = resnet(g, `encoder.down_blocks.${level}.resnets.${j}`, x, width, cout, hw, norm);
      width = cout;
    }
    if (level < last) {
      hw /= 4;
      // diffusers pads (0, 1, 0, 1) and convolves with stride 2, no padding.
      x = conv(g, `encoder.down_blocks.${level}.downsamplers.0.conv`, x, cout, cout, hw, { kernel: 3, stride: 2, pads: [0, 0, 1, 1] });
    }
  });
  x = midBlock(g, 'encoder.mid_block', x, width, hw, norm);
  x = conv(g, 'encoder.conv_out', silu(g, groupNorm(g, 'encoder.conv_norm_out', x, width, groups, 1e-6)), width, 2 * LATENT_CHANNELS, hw, { kernel: 3 });
  x = conv(g, 'quant_conv', x, 2 * LATENT_CHANNELS, 2 * LATENT_CHANNELS, hw, { kernel: 1 });
  g.output('latent_sample', x, ['batch', 2 * LATENT_CHANNELS, 'latent_height', 'latent_width']);
  return g.build();
}

/** post_quant_conv + AutoencoderKL's decoder: latent (unscaled) -> image in about [-1, 1]. */
export function buildSdVaeDecoder(shapes: SdShapes, options: ModelOptions = {}): BuiltModel {
  const { channels, layersPerBlock, groups } = shapes.vae;
  const g = builder('vae_decoder', options);
  const norm: NormSpec = { groups, eps: 1e-6 };
  let hw = shapes.designLatent ** 2;
  const latent = g.input('latent_sample', 'float32', ['batch', LATENT_CHANNELS, 'latent_height', 'latent_width']);
  const reversed = [...channels].reverse();
  let width = reversed[0]!;
  let x = conv(g, 'post_quant_conv', latent, LATENT_CHANNELS, LATENT_CHANNELS, hw, { kernel: 1 });
  x = conv(g, 'decoder.conv_in', x, LATENT_CHANNELS, width, hw, { kernel: 3 });
  x = midBlock(g, 'decoder.mid_block', x, width, hw, norm);
  reversed.forEach((cout, i) => {
    for (let j = 0; j <= layersPerBlock; j++) {
      x = resnet(g, `decoder.up_blocks.${i}.resnets.${j}`, x, width, cout, hw, norm);
      width = cout;
    }
    if (i < reversed.length - 1) {
      hw *= 4;
      x = upsample(g, `decoder.up_blocks.${i}.upsamplers.0`, x, cout, hw);
    }
  });
  x = conv(g, 'decoder.conv_out', silu(g, groupNorm(g, 'decoder.conv_norm_out', x, width, groups, 1e-6)), width, 3, hw, { kernel: 3 });
  g.output('sample', x, ['batch', 3, 'height', 'width']);
  return g.build();
}

function midBlock(g: Builder, name: string, x: string, c: number, hw: number, norm: NormSpec): string {
  x = resnet(g, `${name}.resnets.0`, x, c, c, hw, norm);
  x = pixelAttention(g, `${name}.attentions.0`, x, c, hw, norm);
  return resnet(g, `${name}.resnets.1`, x, c, c, hw, norm);
}

