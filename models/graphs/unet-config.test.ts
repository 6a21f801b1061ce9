import { describe, expect, it } from 'vitest';
import { parseUnetConfig } from './unet-config.js';

const SD15 = {
  in_channels: 9,
  out_channels: 4,
  block_out_channels: [320, 640, 1280, 1280],
  cross_attention_dim: 768,
  attention_head_dim: 8,
};

describe('parseUnetConfig', () => {
  it('reads SD-1.5 inpainting\'s config with diffusers\' defaults for what it leaves out', () => {
    const config = parseUnetConfig(SD15, 'sd15');
    expect(config).toMatchObject({
      heads: [8, 8, 8, 8],
      transformerLayers: [1, 1, 1, 1],
      layersPerBlock: 2,
      downAttention: [true, true, true, false],
      upAttention: [false, true, true, true],
      groups: 32,
      eps: 1e-5,
      downsamplePadding: 1,
      flipSinToCos: true,
      freqShift: 0,
      useLinearProjection: false,
      onlyCrossAttention: false,
    });
  });

  // diffusers 0.42 refuses to build a UNet with num_attention_heads set, so no golden can show this; its
  // constructor's rule is `num_attention_heads or attention_head_dim`.
  it('takes the head count from num_attention_heads when a config gives it, else from attention_head_dim', () => {
    expect(parseUnetConfig({ ...SD15, num_attention_heads: [5, 10, 20, 20] }, 'x').heads).toEqual([5, 10, 20, 20]);
    expect(parseUnetConfig({ ...SD15, attention_head_dim: [2, 4, 4, 8] }, 'x').heads).toEqual([2, 4, 4, 8]);
  });

  it('refuses what the builder does not make, saying what it is', () => {
    expect(() => parseUnetConfig({ ...SD15, down_block_types: ['SimpleCrossAttnDownBlock2D', 'DownBlock2D', 'DownBlock2D', 'DownBlock2D'] }, 'x')).toThrow(/SimpleCrossAttnDownBlock2D, a block SD-1.5-family UNets do not have/);
    expect(() => parseUnetConfig({ ...SD15, class_embed_type: 'timestep' }, 'x')).toThrow(/class embeddings/);
    expect(() => parseUnetConfig({ ...SD15, attention_head_dim: [8, 8] }, 'x')).toThrow(/one positive integer per block/);
    expect(() => parseUnetConfig({ ...SD15, time_embedding_type: 'fourier' }, 'x')).toThrow(/time_embedding_type "fourier"/);
  });
});
