/**
 * torch.nn layers over checkpoint weights, as diffusers and transformers use them. Weights are used in
 * the layout they are stored in: a Linear's [out, in] matrix goes to Gemm with transB=1 (a MatMul
 * against a Transpose would be constant-folded into a second copy of every weight).
 */
import { attr } from './onnx-proto.js';
import type { BoundGraph, ComputeType } from './bound-graph.js';

/** nn.Linear over the last axis of a tensor of any rank >= 2. */
export function linear(g: BoundGraph, key: string, x: string): string {
  const weight = g.param(`${key}.weight`, 2);
  const bias = g.has(`${key}.bias`) ? [g.param(`${key}.bias`, 1).value] : [];
  const outFeatures = weight.shape[0]!;
  const inFeatures = weight.shape[1]!;
  const rows = g.op('Reshape', [x, g.int64s([-1, inFeatures])]);
  const y = g.op('Gemm', [rows, weight.value, ...bias], { transB: attr.int(1) });
  const leading = g.op('Slice', [g.op('Shape', [x]), g.int64s([0]), g.int64s([-1])]);
  return g.op('Reshape', [y, g.op('Concat', [leading, g.int64s([outFeatures])], { axis: attr.int(0) })]);
}

/** nn.Linear on a [B, in] tensor (no reshapes needed), in the compute type or `as`. */
export function linear2d(g: BoundGraph, key: string, x: string, as: ComputeType = g.compute): string {
  const bias = g.has(`${key}.bias`) ? [g.param(`${key}.bias`, 1, as).value] : [];
  return g.op('Gemm', [x, g.param(`${key}.weight`, 2, as).value, ...bias], { transB: attr.int(1) });
}

export interface Conv2dOptions {
  stride?: number;
  /** [top, left, bottom, right]; default (kernel − 1) / 2 on every side, as diffusers' convs pad. */
  pads?: [number, number, number, number];
}

export function conv2d(g: BoundGraph, key: string, x: string, options: Conv2dOptions = {}): string {
  const weight = g.param(`${key}.weight`, 4);
  const k = weight.shape[2]!;
  const p = Math.floor((k - 1) / 2);
  const pads = options.pads ?? [p, p, p, p];
  const stride = options.stride ?? 1;
  const bias = g.has(`${key}.bias`) ? [g.param(`${key}.bias`, 1).value] : [];
  return g.op('Conv', [x, weight.value, ...bias], {
    kernel_shape: attr.ints([k, weight.shape[3]!]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints(pads),
  });
}

export function silu(g: BoundGraph, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [x])]);
}

/** torch's exact GELU, 0.5·x·(1 + erf(x/√2)), in float32. */
export function gelu(g: BoundGraph, x: string): string {
  const x32 = g.toFloat32(x);
  const erf = g.op('Erf', [g.op('Mul', [x32, g.scalar(Math.SQRT1_2, 'float32')])]);
  return g.toCompute(g.op('Mul', [g.op('Mul', [x32, g.scalar(0.5, 'float32')]), g.op('Add', [erf, g.scalar(1, 'float32')])]));
}

/** CLIP's quick GELU, x·sigmoid(1.702·x). */
export function quickGelu(g: BoundGraph, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, g.scalar(1.702)])])]);
}

/**
 * nn.GroupNorm over [B, C, H, W] in float32: InstanceNormalization on [B, groups, -1] (what a torch
 * export writes; onnxruntime has no GroupNorm op in opset 17), then the per-channel affine.
 */
export function groupNorm(g: BoundGraph, key: string, x: string, groups: number, eps: number): string {
  const x32 = g.toFloat32(x);
  const grouped = g.op('Reshape', [x32, g.int64s([0, groups, -1])]);
  const ones = g.constant(new Array<number>(groups).fill(1), [groups], 'float32');
  const zeros = g.constant(new Array<number>(groups).fill(0), [groups], 'float32');
  const normed = g.op('InstanceNormalization', [grouped, ones, zeros], { epsilon: attr.float(eps) });
  const back = g.op('Reshape', [normed, g.op('Shape', [x32])]);
  const perChannel = g.int64s([-1, 1, 1]);
  const gamma = g.op('Reshape', [g.param(`${key}.weight`, 1, 'float32').value, perChannel]);
  const beta = g.op('Reshape', [g.param(`${key}.bias`, 1, 'float32').value, perChannel]);
  return g.toCompute(g.op('Add', [g.op('Mul', [back, gamma]), beta]));
}

/** nn.LayerNorm over the last axis, in float32. */
export function layerNorm(g: BoundGraph, key: string, x: string, eps: number): string {
  const normed = g.op('LayerNormalization', [g.toFloat32(x), g.param(`${key}.weight`, 1, 'float32').value, g.param(`${key}.bias`, 1, 'float32').value], {
    axis: attr.int(-1),
    epsilon: attr.float(eps),
  });
  return g.toCompute(normed);
}

/** [B, C, H, W] -> [B, H·W, C] */
export function toTokens(g: BoundGraph, x: string): string {
  return g.op('Transpose', [g.op('Reshape', [x, g.int64s([0, 0, -1])])], { perm: attr.ints([0, 2, 1]) });
}

/** [B, H·W, C] -> [B, C, H, W] with the batch and spatial sizes of `like` and C of the tokens. */
export function fromTokens(g: BoundGraph, tokens: string, like: string): string {
  const channelsFirst = g.op('Transpose', [tokens], { perm: attr.ints([0, 2, 1]) });
  const likeShape = g.op('Shape', [like]);
  const shape = g.op('Concat', [
    g.op('Slice', [likeShape, g.int64s([0]), g.int64s([1])]),
    g.int64s([0]),
    g.op('Slice', [likeShape, g.int64s([2]), g.int64s([4])]),
  ], { axis: attr.int(0) });
  return g.op('Reshape', [channelsFirst, shape]);
}
