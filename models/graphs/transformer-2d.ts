import type { BoundGraph } from './bound-graph.js';
import { attention } from './attention.js';
import { conv2d, fromTokens, gelu, groupNorm, layerNorm, linear, toTokens } from './layers.js';
import { attr } from './onnx-proto.js';

export interface TransformerSpec {
  heads: number;
  layers: number;
  groups: number;
  useLinearProjection: boolean;
  onlyCrossAttention: boolean;
}

/**
 * diffusers' Transformer2DModel for continuous inputs: GroupNorm (eps 1e-6), proj_in (1x1 conv, or a
 * Linear on tokens with use_linear_projection), BasicTransformerBlocks, proj_out, residual.
 */
export function transformer2d(g: BoundGraph, key: string, x: string, text: string, spec: TransformerSpec): string {
  const normed = groupNorm(g, `${key}.norm`, x, spec.groups, 1e-6);
  let tokens = spec.useLinearProjection ? linear(g, `${key}.proj_in`, toTokens(g, normed)) : toTokens(g, conv2d(g, `${key}.proj_in`, normed));
  for (let i = 0; i < spec.layers; i++) tokens = basicTransformerBlock(g, `${key}.transformer_blocks.${i}`, tokens, text, spec);
  const out = spec.useLinearProjection ? fromTokens(g, linear(g, `${key}.proj_out`, tokens), x) : conv2d(g, `${key}.proj_out`, fromTokens(g, tokens, x));
  return g.op('Add', [out, x]);
}

/** Self-attention (or cross-attention only), cross-attention to the text, GEGLU feed-forward; pre-LN, residuals. */
function basicTransformerBlock(g: BoundGraph, key: string, x: string, text: string, spec: TransformerSpec): string {
  let normed = layerNorm(g, `${key}.norm1`, x, 1e-5);
  x = g.op('Add', [attention(g, `${key}.attn1`, normed, spec.onlyCrossAttention ? text : normed, spec.heads), x]);
  normed = layerNorm(g, `${key}.norm2`, x, 1e-5);
  x = g.op('Add', [attention(g, `${key}.attn2`, normed, text, spec.heads), x]);
  normed = layerNorm(g, `${key}.norm3`, x, 1e-5);
  // GEGLU: the projection's two halves. The sizes are given: onnxruntime-web's WebGPU Split gives empty
  // outputs when opset 17's optional `split` input is left out.
  const half = g.weights.get(`${key}.ff.net.0.proj.weight`)!.entry.shape[0]! / 2;
  const [hidden, gate] = g.opN('Split', [linear(g, `${key}.ff.net.0.proj`, normed), g.int64s([half, half])], 2, { axis: attr.int(-1) });
  return g.op('Add', [linear(g, `${key}.ff.net.2`, g.op('Mul', [hidden!, gelu(g, gate!)])), x]);
}
