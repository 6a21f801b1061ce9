import { attr } from './onnx-proto.js';
import type { BoundGraph } from './bound-graph.js';
import { linear } from './layers.js';

export interface AttentionKeys {
  q: string;
  k: string;
  v: string;
  out: string;
}

/** diffusers' Attention module names. */
export const DIFFUSERS_ATTENTION: AttentionKeys = { q: 'to_q', k: 'to_k', v: 'to_v', out: 'to_out.0' };

/**
 * Multi-head scaled dot-product attention: x [B, N, C] attends to context [B, M, Cc]. QKᵀ, scores and
 * softmax in float32 (diffusers' upcast_attention, and what keeps fp16 from overflowing); `mask` is
 * added to the scores ([N, M], e.g. CLIP's causal mask).
 */
export function attention(
  g: BoundGraph,
  key: string,
  x: string,
  context: string,
  heads: number,
  names: AttentionKeys = DIFFUSERS_ATTENTION,
  mask?: string,
): string {
  const q = linear(g, `${key}.${names.q}`, x);
  const k = linear(g, `${key}.${names.k}`, context);
  const v = linear(g, `${key}.${names.v}`, context);
  const inner = g.weights.get(`${key}.${names.q}.weight`)!.entry.shape[0]!;
  const headDim = inner / heads;
  const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.int64s([0, 0, heads, headDim])])], { perm: attr.ints(perm) });
  const qk = g.op('MatMul', [g.toFloat32(split(q, [0, 2, 1, 3])), g.toFloat32(split(k, [0, 2, 3, 1]))]);
  const scores = g.op('Mul', [qk, g.scalar(1 / Math.sqrt(headDim), 'float32')]);
  const probs = g.op('Softmax', [mask ? g.op('Add', [scores, mask]) : scores], { axis: attr.int(-1) });
  const out = g.op('MatMul', [g.toCompute(probs), split(v, [0, 2, 1, 3])]);
  const merged = g.op('Reshape', [g.op('Transpose', [out], { perm: attr.ints([0, 2, 1, 3]) }), g.int64s([0, 0, inner])]);
  return linear(g, `${key}.${names.out}`, merged);
}
