import type { BoundGraph } from './bound-graph.js';
import { conv2d, groupNorm, linear2d, silu } from './layers.js';

export interface NormSpec {
  groups: number;
  eps: number;
}

/**
 * diffusers' ResnetBlock2D (time_embedding_norm "default", output_scale_factor 1): GroupNorm, SiLU,
 * conv, plus the projected time embedding; GroupNorm, SiLU, conv; a 1x1 shortcut where the checkpoint
 * has one (channels change). `temb` is SiLU(time embedding), absent in the VAE.
 */
export function resnetBlock(g: BoundGraph, key: string, x: string, norm: NormSpec, temb?: string): string {
  let h = conv2d(g, `${key}.conv1`, silu(g, groupNorm(g, `${key}.norm1`, x, norm.groups, norm.eps)));
  if (temb) h = g.op('Add', [h, g.op('Unsqueeze', [linear2d(g, `${key}.time_emb_proj`, temb), g.int64s([2, 3])])]);
  h = conv2d(g, `${key}.conv2`, silu(g, groupNorm(g, `${key}.norm2`, h, norm.groups, norm.eps)));
  const shortcut = g.has(`${key}.conv_shortcut.weight`) ? conv2d(g, `${key}.conv_shortcut`, x) : x;
  return g.op('Add', [shortcut, h]);
}
