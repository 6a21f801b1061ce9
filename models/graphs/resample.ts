import { attr } from './onnx-proto.js';
import type { BoundGraph } from './bound-graph.js';
import { conv2d } from './layers.js';

/**
 * Downsample2D with a conv of stride 2 and `padding` on every side, except that diffusers turns padding 0
 * into one extra row and column at the bottom right (the VAE encoder's case, and a UNet with
 * `downsample_padding: 0`).
 */
export function downsample(g: BoundGraph, key: string, x: string, padding: number): string {
  const pads: [number, number, number, number] = padding === 0 ? [0, 0, 1, 1] : [padding, padding, padding, padding];
  return conv2d(g, `${key}.conv`, x, { stride: 2, pads });
}

/**
 * Upsample2D: nearest-neighbour resize, then a conv. Resized to the spatial size of `sizeOf` when given:
 * the UNet's up blocks must meet their skip connections, which are not 2x the size when the latent side
 * is not a multiple of 2^levels (diffusers then passes `upsample_size`); otherwise to twice the size.
 */
export function upsample(g: BoundGraph, key: string, x: string, sizeOf?: string): string {
  return conv2d(g, `${key}.conv`, nearestUpsample(g, x, sizeOf));
}

/** torch's `interpolate(mode="nearest")`: to twice the size, or to the spatial size of `sizeOf`. */
export function nearestUpsample(g: BoundGraph, x: string, sizeOf?: string): string {
  const nearest = { mode: attr.string('nearest'), coordinate_transformation_mode: attr.string('asymmetric'), nearest_mode: attr.string('floor') };
  if (!sizeOf) return g.op('Resize', [x, '', g.constant([1, 1, 2, 2], [4], 'float32')], nearest);
  const sizes = g.op('Concat', [
    g.op('Slice', [g.op('Shape', [x]), g.int64s([0]), g.int64s([2])]),
    g.op('Slice', [g.op('Shape', [sizeOf]), g.int64s([2]), g.int64s([4])]),
  ], { axis: attr.int(0) });
  return g.op('Resize', [x, '', '', sizes], nearest);
}
