/**
 * SD-1.5's layer types as ONNX subgraphs, in the patterns a PyTorch export writes (GroupNorm as
 * Reshape + InstanceNormalization + Reshape + affine, SiLU as x·sigmoid(x), GELU by Erf). Each layer
 * adds its parameters and its multiply-accumulates (per batch item, at the spatial size `hw` it is
 * given) to the builder, so a model knows its own compute.
 */
import { attr, type OnnxBuilder } from './onnx-builder.js';

export function silu(g: OnnxBuilder, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [x])]);
}

/** Linear over the last axis: x [.., inF] -> [.., outF]; `tokens` rows per item at the design size. */
export function linear(g: OnnxBuilder, name: string, x: string, inF: number, outF: number, tokens: number, bias = true): string {
  g.macs += tokens * inF * outF;
  const y = g.op('MatMul', [x, g.weight(`${name}.weight`, [inF, outF], inF)]);
  return bias ? g.op('Add', [y, g.filled(`${name}.bias`, [outF], 0)]) : y;
}

export interface ConvShape {
  kernel: number;
  stride?: number;
  /** [top, left, bottom, right]; default `kernel / 2` on every side. */
  pads?: [number, number, number, number];
}

/** Conv2d; `hwOut` is the output's pixel count per item at the design size. */
export function conv(g: OnnxBuilder, name: string, x: string, cin: number, cout: number, hwOut: number, shape: ConvShape): string {
  const k = shape.kernel;
  const p = Math.floor(k / 2);
  const pads = shape.pads ?? [p, p, p, p];
  g.macs += hwOut * cin * cout * k * k;
  return g.op('Conv', [x, g.weight(`${name}.weight`, [cout, cin, k, k], cin * k * k), g.filled(`${name}.bias`, [cout], 0)], {
    kernel_shape: attr.ints([k, k]),
    strides: attr.ints([shape.stride ?? 1, shape.stride ?? 1]),
    pads: attr.ints([pads[0], pads[1], pads[2], pads[3]]),
  });
}

/** torch.nn.GroupNorm as exported: Reshape [B, G, -1], InstanceNormalization, Reshape back, affine. */
export function groupNorm(g: OnnxBuilder, name: string, x: string, channels: number, groups: number, eps: number): string {
  const grouped = g.op('Reshape', [x, g.int64s([0, groups, -1])]);
  const normed = g.op('InstanceNormalization', [
    grouped,
    g.constant(`${name}.ones`, [groups], new Float32Array(groups).fill(1)),
    g.constant(`${name}.zeros`, [groups], new Float32Array(groups)),
  ], { epsilon: attr.float(eps) });
  const back = g.op('Reshape', [normed, g.op('Shape', [x])]);
  const gamma = g.op('Reshape', [g.filled(`${name}.weight`, [channels], 1), g.int64s([channels, 1, 1])]);
  const beta = g.op('Reshape', [g.filled(`${name}.bias`, [channels], 0), g.int64s([channels, 1, 1])]);
  return g.op('Add', [g.op('Mul', [back, gamma]), beta]);
}

export function layerNorm(g: OnnxBuilder, name: string, x: string, width: number, eps = 1e-5): string {
  return g.op('LayerNormalization', [x, g.filled(`${name}.weight`, [width], 1), g.filled(`${name}.bias`, [width], 0)], {
    axis: attr.int(-1),
    epsilon: attr.float(eps),
  });
}

export interface NormSpec {
  groups: number;
  eps: number;
}

/**
 * diffusers' ResnetBlock2D: GN, SiLU, conv3x3 (+ time embedding projection), GN, SiLU, conv3x3,
 * 1x1 shortcut when channels change. `temb` is SiLU(time embedding) [B, tembWidth] or undefined (VAE).
 */
export function resnet(
  g: OnnxBuilder,
  name: string,
  x: string,
  cin: number,
  cout: number,
  hw: number,
  norm: NormSpec,
  temb?: { value: string; width: number },
): string {
  let h = conv(g, `${name}.conv1`, silu(g, groupNorm(g, `${name}.norm1`, x, cin, norm.groups, norm.eps)), cin, cout, hw, { kernel: 3 });
  if (temb) {
    const projected = linear(g, `${name}.time_emb_proj`, temb.value, temb.width, cout, 1);
    h = g.op('Add', [h, g.op('Unsqueeze', [projected, g.int64s([2, 3])])]);
  }
  h = conv(g, `${name}.conv2`, silu(g, groupNorm(g, `${name}.norm2`, h, cout, norm.groups, norm.eps)), cout, cout, hw, { kernel: 3 });
  const shortcut = cin === cout ? x : conv(g, `${name}.conv_shortcut`, x, cin, cout, hw, { kernel: 1 });
  return g.op('Add', [shortcut, h]);
}

/**
 * Multi-head attention: x [B, N, C] attends to context [B, M, Cc]; q/k/v without bias (SD), out with.
 * `n`, `m`: sequence lengths at the design size, for the MAC count.
 */
export function attention(
  g: OnnxBuilder,
  name: string,
  x: string,
  context: string,
  c: number,
  contextWidth: number,
  heads: number,
  n: number,
  m: number,
  qkvBias = false,
): string {
  const hd = c / heads;
  const q = linear(g, `${name}.to_q`, x, c, c, n, qkvBias);
  const k = linear(g, `${name}.to_k`, context, contextWidth, c, m, qkvBias);
  const v = linear(g, `${name}.to_v`, context, contextWidth, c, m, qkvBias);
  const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.int64s([0, 0, heads, hd])])], { perm: attr.ints(perm) });
  const qh = split(q, [0, 2, 1, 3]); // [B, h, N, hd]
  const kh = split(k, [0, 2, 3, 1]); // [B, h, hd, M]
  const vh = split(v, [0, 2, 1, 3]); // [B, h, M, hd]
  g.macs += 2 * n * m * c; // QK^T and PV
  const scores = g.op('Mul', [g.op('MatMul', [qh, kh]), g.scalar(1 / Math.sqrt(hd))]);
  const out = g.op('MatMul', [g.op('Softmax', [scores], { axis: attr.int(-1) }), vh]);
  const merged = g.op('Reshape', [g.op('Transpose', [out], { perm: attr.ints([0, 2, 1, 3]) }), g.int64s([0, 0, c])]);
  return linear(g, `${name}.to_out`, merged, c, c, n);
}

/** [B, C, H, W] -> [B, H·W, C] */
export function toTokens(g: OnnxBuilder, x: string): string {
  return g.op('Transpose', [g.op('Reshape', [x, g.int64s([0, 0, -1])])], { perm: attr.ints([0, 2, 1]) });
}

/** [B, H·W, C] -> the shape of `like` ([B, C, H, W]) */
export function fromTokens(g: OnnxBuilder, tokens: string, like: string): string {
  return g.op('Reshape', [g.op('Transpose', [tokens], { perm: attr.ints([0, 2, 1]) }), g.op('Shape', [like])]);
}

/** GELU as torch exports it: 0.5·x·(1 + erf(x/√2)). */
export function gelu(g: OnnxBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [erf, g.scalar(1)])]);
}

/**
 * diffusers' Transformer2DModel as SD-1.5 has it (use_linear_projection false): GN, conv1x1 in, one
 * BasicTransformerBlock (self-attention, cross-attention to the text states, GEGLU feed-forward, each
 * after a LayerNorm and with a residual), conv1x1 out, residual.
 */
export function spatialTransformer(
  g: OnnxBuilder,
  name: string,
  x: string,
  c: number,
  hw: number,
  text: { states: string; width: number; length: number },
  heads: number,
  norm: NormSpec,
): string {
  const projIn = conv(g, `${name}.proj_in`, groupNorm(g, `${name}.norm`, x, c, norm.groups, 1e-6), c, c, hw, { kernel: 1 });
  let t = toTokens(g, projIn);
  const block = `${name}.transformer_blocks.0`;
  let normed = layerNorm(g, `${block}.norm1`, t, c);
  t = g.op('Add', [t, attention(g, `${block}.attn1`, normed, normed, c, c, heads, hw, hw)]);
  normed = layerNorm(g, `${block}.norm2`, t, c);
  t = g.op('Add', [t, attention(g, `${block}.attn2`, normed, text.states, c, text.width, heads, hw, text.length)]);
  normed = layerNorm(g, `${block}.norm3`, t, c);
  const [value, gate] = g.opN('Split', [linear(g, `${block}.ff.net.0.proj`, normed, c, 8 * c, hw), g.int64s([4 * c, 4 * c])], 2, { axis: attr.int(-1) });
  const ff = linear(g, `${block}.ff.net.2`, g.op('Mul', [value!, gelu(g, gate!)]), 4 * c, c, hw);
  t = g.op('Add', [t, ff]);
  return g.op('Add', [conv(g, `${name}.proj_out`, fromTokens(g, t, x), c, c, hw, { kernel: 1 }), x]);
}

/** The VAE's single-head mid-block attention over pixels: GN, q/k/v/out with bias, residual. */
export function pixelAttention(g: OnnxBuilder, name: string, x: string, c: number, hw: number, norm: NormSpec): string {
  const t = toTokens(g, groupNorm(g, `${name}.group_norm`, x, c, norm.groups, norm.eps));
  return g.op('Add', [fromTokens(g, attention(g, name, t, t, c, c, 1, hw, hw, true), x), x]);
}

/** Nearest x2 then conv3x3 (diffusers' Upsample2D). */
export function upsample(g: OnnxBuilder, name: string, x: string, c: number, hwOut: number): string {
  const up = g.op('Resize', [x, '', g.float32s([1, 1, 2, 2])], {
    mode: attr.string('nearest'),
    coordinate_transformation_mode: attr.string('asymmetric'),
    nearest_mode: attr.string('floor'),
  });
  return conv(g, `${name}.conv`, up, c, c, hwOut, { kernel: 3 });
}
