/**
 * The tiny models of the test bundle: the real input/output names, dtypes and layouts of an Optimum
 * SD-1.5 inpainting export, with a few thousand seeded weights. Each output depends smoothly on every
 * input and stays bounded, so a whole denoising loop on them stays finite.
 */
import { attr } from '../../models/graphs/onnx-proto.js';
import { GraphBuilder } from './graph-builder.js';
import { fanInWeights, uniformWeights } from './prng.js';

/** CLIP's context length: prompts are padded/truncated to it. */
export const SEQUENCE_LENGTH = 77;
/** Text hidden size (768 in SD-1.5). */
export const HIDDEN_SIZE = 32;
export const LATENT_CHANNELS = 4;
export const VAE_SCALE_FACTOR = 8;
/** UNet input: latents (4) + mask (1) + masked-image latents (4), as SD-1.5 inpainting's conv_in. */
export const UNET_IN_CHANNELS = 2 * LATENT_CHANNELS + 1;
const UNET_WIDTH = 32;
const DECODER_WIDTH = 16;
/** Timestep frequencies: powers of two, so their float32 bits are exact on every JS engine. */
const TIMESTEP_FREQUENCIES = [1 / 16, 1 / 64, 1 / 256, 1 / 1024];

export function buildTextEncoder(vocabSize: number, inputIdsType: 'int32' | 'int64'): Uint8Array {
  const D = HIDDEN_SIZE;
  const L = SEQUENCE_LENGTH;
  const g = new GraphBuilder('text_encoder');
  const ids = g.input('input_ids', inputIdsType, ['batch', L]);
  const table = g.floats('token_embedding', [vocabSize, D], uniformWeights('text.token_embedding', vocabSize * D, 1));
  const positions = g.floats('position_embedding', [L, D], uniformWeights('text.position_embedding', L * D, 0.5));
  const x = g.op('Add', [g.op('Gather', [table, ids], { axis: attr.int(0) }), positions]);
  // Causal running mean over positions: token i sees tokens 0..i, like CLIP's causal attention.
  const causal = new Float32Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j <= i; j++) causal[i * L + j] = 1 / (i + 1);
  const mixed = g.op('MatMul', [g.floats('causal_mean', [L, L], causal), x]);
  const norm = g.op('LayerNormalization', [
    g.op('Add', [x, mixed]),
    g.floats('ln.weight', [D], new Float32Array(D).fill(1)),
    g.floats('ln.bias', [D], new Float32Array(D)),
  ], { axis: attr.int(-1), epsilon: attr.float(1e-5) });
  const projected = g.op('Add', [
    g.op('MatMul', [norm, g.floats('proj.weight', [D, D], fanInWeights('text.proj.weight', D * D, D))]),
    g.floats('proj.bias', [D], uniformWeights('text.proj.bias', D, 0.1)),
  ]);
  const hidden = g.op('Tanh', [projected]);
  g.output('last_hidden_state', hidden, 'float32', ['batch', L, D]);
  // Optimum's CLIP export also has pooler_output; a mean over tokens is enough here.
  g.output('pooler_output', g.op('ReduceMean', [hidden], { axes: attr.ints([1]), keepdims: attr.int(0) }), 'float32', ['batch', D]);
  return g.toBytes();
}

export interface UnetOptions {
  timestepType: 'int64' | 'float32';
  /** 'batch': timestep [B] as Optimum exports it; 'scalar': a 0-d timestep. */
  timestepShape: 'batch' | 'scalar';
  /** Adds NaN to the output, to test the engine's NaN guard. */
  nan: boolean;
}

export function buildUnet(options: UnetOptions): Uint8Array {
  const C = UNET_WIDTH;
  const D = HIDDEN_SIZE;
  const g = new GraphBuilder('unet');
  const sample = g.input('sample', 'float32', ['batch', UNET_IN_CHANNELS, 'height', 'width']);
  const timestep = g.input('timestep', options.timestepType, options.timestepShape === 'batch' ? ['batch'] : []);
  const context = g.input('encoder_hidden_states', 'float32', ['batch', SEQUENCE_LENGTH, D]);
  const perChannel = g.int64s([-1, C, 1, 1]);

  // conv_in over all 9 channels, 3x3: the exact shape that hit the WebGPU NHWC Conv bug.
  const convIn = g.op('Conv', [
    sample,
    g.floats('conv_in.weight', [C, UNET_IN_CHANNELS, 3, 3], fanInWeights('unet.conv_in.weight', C * UNET_IN_CHANNELS * 9, UNET_IN_CHANNELS * 9)),
    g.floats('conv_in.bias', [C], uniformWeights('unet.conv_in.bias', C, 0.1)),
  ], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) });

  // Timestep embedding: sin/cos of t·f, projected to a per-channel scale and shift.
  const t = options.timestepType === 'float32' ? timestep : g.op('Cast', [timestep], { to: attr.int(1) });
  const tColumn = options.timestepShape === 'batch' ? g.op('Unsqueeze', [t, g.int64s([-1])]) : t;
  const angles = g.op('Mul', [tColumn, g.floats('timestep_frequencies', [TIMESTEP_FREQUENCIES.length], new Float32Array(TIMESTEP_FREQUENCIES))]);
  const tEmbedding = g.op('Concat', [g.op('Sin', [angles]), g.op('Cos', [angles])], { axis: attr.int(-1) });
  const E = 2 * TIMESTEP_FREQUENCIES.length;
  const tScale = g.op('Reshape', [g.op('MatMul', [tEmbedding, g.floats('time.scale', [E, C], fanInWeights('unet.time.scale', E * C, E))]), perChannel]);
  const tShift = g.op('Reshape', [g.op('MatMul', [tEmbedding, g.floats('time.shift', [E, C], fanInWeights('unet.time.shift', E * C, E))]), perChannel]);

  // Text conditioning: mean over tokens, projected to a per-channel shift.
  const pooled = g.op('ReduceMean', [context], { axes: attr.ints([1]), keepdims: attr.int(0) });
  const textShift = g.op('Reshape', [g.op('MatMul', [pooled, g.floats('text.proj', [D, C], uniformWeights('unet.text.proj', D * C, 1))]), perChannel]);

  // h = tanh(conv_in · (1 + tanh(scale)/2) + shift + text)
  const gain = g.op('Add', [g.scalar('one', 1), g.op('Mul', [g.op('Tanh', [tScale]), g.scalar('half', 0.5)])]);
  const h = g.op('Tanh', [g.op('Add', [g.op('Add', [g.op('Mul', [convIn, gain]), tShift]), textShift])]);
  const mid = g.op('Tanh', [g.op('Conv', [
    h,
    g.floats('mid.weight', [C, C, 3, 3], fanInWeights('unet.mid.weight', C * C * 9, C * 9)),
    g.floats('mid.bias', [C], uniformWeights('unet.mid.bias', C, 0.1)),
  ], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) })]);
  const convOut = g.op('Conv', [
    mid,
    g.floats('conv_out.weight', [LATENT_CHANNELS, C, 1, 1], fanInWeights('unet.conv_out.weight', LATENT_CHANNELS * C, C)),
    g.floats('conv_out.bias', [LATENT_CHANNELS], new Float32Array(LATENT_CHANNELS)),
  ], { kernel_shape: attr.ints([1, 1]) });

  // A skip from the noisy latents keeps DDIM's x0 estimate (x - sqrt(1-a)·eps)/sqrt(a) small at high t,
  // so the loop's latents stay O(1) instead of merely finite.
  const latents = g.op('Slice', [sample, g.int64s([0]), g.int64s([LATENT_CHANNELS]), g.int64s([1])]);
  let eps = g.op('Add', [latents, g.op('Mul', [convOut, g.scalar('out_scale', 0.5)])]);
  if (options.nan) eps = g.op('Add', [eps, g.scalar('nan', Number.NaN)]);
  g.output('out_sample', eps, 'float32', ['batch', LATENT_CHANNELS, 'height', 'width']);
  return g.toBytes();
}

/** sample [B,3,H,W] in [-1,1] -> latent_sample [B,4|8,H/8,W/8] (8 = mean + logvar, as newer exports). */
export function buildVaeEncoder(outChannels: 4 | 8): Uint8Array {
  const k = VAE_SCALE_FACTOR;
  const g = new GraphBuilder('vae_encoder');
  const sample = g.input('sample', 'float32', ['batch', 3, 'height', 'width']);
  const conv = g.op('Conv', [
    sample,
    g.floats('down.weight', [outChannels, 3, k, k], fanInWeights('vae.encoder.down.weight', outChannels * 3 * k * k, 3 * k * k)),
    g.floats('down.bias', [outChannels], uniformWeights('vae.encoder.down.bias', outChannels, 0.1)),
  ], { kernel_shape: attr.ints([k, k]), strides: attr.ints([k, k]) });
  // Unscaled SD latents are ~5 in magnitude (times 0.18215 gives ~1): bound them there.
  const latent = g.op('Mul', [g.op('Tanh', [conv]), g.scalar('latent_range', 5)]);
  g.output('latent_sample', latent, 'float32', ['batch', outChannels, 'latent_height', 'latent_width']);
  return g.toBytes();
}

/** latent_sample [B,4,h,w] (unscaled) -> sample [B,3,8h,8w] in [-1,1]. */
export function buildVaeDecoder(): Uint8Array {
  const k = VAE_SCALE_FACTOR;
  const C = DECODER_WIDTH;
  const g = new GraphBuilder('vae_decoder');
  const latent = g.input('latent_sample', 'float32', ['batch', LATENT_CHANNELS, 'latent_height', 'latent_width']);
  // Weights are scaled by ~0.2 (the SD scaling factor) so unscaled latents of ~5 don't saturate tanh.
  const mixed = g.op('Tanh', [g.op('Conv', [
    latent,
    g.floats('mix.weight', [C, LATENT_CHANNELS, 3, 3], uniformWeights('vae.decoder.mix.weight', C * LATENT_CHANNELS * 9, 0.2 * Math.sqrt(3 / (LATENT_CHANNELS * 9)))),
    g.floats('mix.bias', [C], uniformWeights('vae.decoder.mix.bias', C, 0.1)),
  ], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) })]);
  const up = g.op('ConvTranspose', [
    mixed,
    g.floats('up.weight', [C, 3, k, k], fanInWeights('vae.decoder.up.weight', C * 3 * k * k, C)),
    g.floats('up.bias', [3], new Float32Array(3)),
  ], { kernel_shape: attr.ints([k, k]), strides: attr.ints([k, k]) });
  g.output('sample', g.op('Tanh', [up]), 'float32', ['batch', 3, 'height', 'width']);
  return g.toBytes();
}

/**
 * A single seeded Conv (same padding, stride 1): x [1,in,size,size] -> y [1,out,size,size].
 * 9 -> 320, 3x3 on 64x64 is SD-1.5 inpainting's conv_in, which the NHWC WebGPU backend got wrong.
 */
export function buildConvModel(inChannels: number, outChannels: number, kernel: number, size: number): Uint8Array {
  const g = new GraphBuilder('conv');
  const x = g.input('x', 'float32', [1, inChannels, size, size]);
  const fanIn = inChannels * kernel * kernel;
  const name = `conv.${inChannels}.${outChannels}.${kernel}`;
  const pad = Math.floor(kernel / 2);
  const y = g.op('Conv', [
    x,
    g.floats('weight', [outChannels, inChannels, kernel, kernel], fanInWeights(`${name}.weight`, outChannels * fanIn, fanIn)),
    g.floats('bias', [outChannels], uniformWeights(`${name}.bias`, outChannels, 0.1)),
  ], { kernel_shape: attr.ints([kernel, kernel]), pads: attr.ints([pad, pad, pad, pad]) });
  g.output('y', y, 'float32', [1, outChannels, size, size]);
  return g.toBytes();
}

