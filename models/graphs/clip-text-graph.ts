import { EngineError } from '../engine/errors.js';
import { attention } from './attention.js';
import { BoundGraph, type BuiltGraph, type ComputeType } from './bound-graph.js';
import { gelu, layerNorm, linear, quickGelu } from './layers.js';
import { attr } from './onnx-proto.js';
import { intOf, numberOf } from './unet-config.js';
import type { WeightIndex } from './weight-index.js';

/** What the builder reads from `text_encoder/config.json` (transformers' CLIPTextModel). */
export interface ClipTextConfig {
  hiddenSize: number;
  layers: number;
  heads: number;
  eps: number;
  act: 'quick_gelu' | 'gelu';
  maxPositions: number;
}

export function parseClipTextConfig(config: Record<string, unknown>, label: string): ClipTextConfig {
  const refuse = (what: string) => new EngineError('bundle-mismatch', `${label}: ${what}`);
  const archs = Array.isArray(config.architectures) ? (config.architectures as string[]) : [];
  if (archs.some((a) => a !== 'CLIPTextModel')) throw refuse(`its text encoder is a ${archs.join(', ')}, not the CLIPTextModel SD-1.5-family models use.`);
  const act = config.hidden_act ?? 'quick_gelu';
  const hiddenSize = intOf(config, 'hidden_size', 512);
  if (act !== 'quick_gelu' && act !== 'gelu') throw refuse(`its text encoder uses the activation "${String(act)}", which CLIP text models do not.`);
  return {
    hiddenSize,
    layers: intOf(config, 'num_hidden_layers', 12),
    heads: intOf(config, 'num_attention_heads', 8),
    eps: numberOf(config, 'layer_norm_eps', 1e-5),
    act,
    maxPositions: intOf(config, 'max_position_embeddings', 77),
  };
}

const CLIP_ATTENTION = { q: 'q_proj', k: 'k_proj', v: 'v_proj', out: 'out_proj' };

/**
 * transformers' CLIPTextModel: token + position embeddings, pre-LN causal self-attention layers, MLP,
 * final LayerNorm. `input_ids` int32 [B, S] -> `last_hidden_state` [B, S, D]; no attention mask, as SD-1.5
 * pipelines call it.
 */
export function buildClipTextGraph(config: ClipTextConfig, weights: WeightIndex, compute: ComputeType): BuiltGraph {
  const g = new BoundGraph('text_encoder', compute, weights);
  const ids = g.input('input_ids', 'int32', ['batch', 'sequence']);
  const length = g.op('Slice', [g.op('Shape', [ids]), g.int64s([1]), g.int64s([2])]);
  const zero = g.int64s([0]);
  const tokens = g.op('Gather', [g.param('text_model.embeddings.token_embedding.weight', 2).value, ids], { axis: attr.int(0) });
  const positions = g.op('Slice', [g.param('text_model.embeddings.position_embedding.weight', 2).value, zero, length, zero]);
  let x = g.op('Add', [tokens, positions]);

  const n = config.maxPositions;
  const causal = Array.from({ length: n * n }, (_, k) => (k % n > Math.floor(k / n) ? -1e9 : 0));
  const full = g.constant(causal, [n, n], 'float32');
  const mask = g.op('Slice', [full, g.int64s([0, 0]), g.op('Concat', [length, length], { axis: attr.int(0) }), g.int64s([0, 1])]);

  for (let i = 0; i < config.layers; i++) {
    const key = `text_model.encoder.layers.${i}`;
    const normed = layerNorm(g, `${key}.layer_norm1`, x, config.eps);
    x = g.op('Add', [x, attention(g, `${key}.self_attn`, normed, normed, config.heads, CLIP_ATTENTION, mask)]);
    const hidden = linear(g, `${key}.mlp.fc1`, layerNorm(g, `${key}.layer_norm2`, x, config.eps));
    x = g.op('Add', [x, linear(g, `${key}.mlp.fc2`, config.act === 'gelu' ? gelu(g, hidden) : quickGelu(g, hidden))]);
  }
  g.output('last_hidden_state', layerNorm(g, 'text_model.final_layer_norm', x, config.eps), ['batch', 'sequence', config.hiddenSize]);
  return g.build();
}

/** transformers 4 saves CLIPTextModel's weights under `text_model.`; transformers 5 without the prefix. */
export function clipKeyRenames(key: string): string[] {
  return key.startsWith('text_model.') ? [key.slice('text_model.'.length)] : [];
}
