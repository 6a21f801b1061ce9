import { describe, expect, it } from 'vitest';
import { checkInpaintingFamily, type PipelineConfigs } from './pipeline-family.js';

/** The configs of SD-1.5 inpainting as diffusers saves them (the keys the check reads, and some it does not). */
const SD15_INPAINTING: Required<PipelineConfigs> = {
  modelIndex: {
    _class_name: 'StableDiffusionInpaintPipeline',
    feature_extractor: ['transformers', 'CLIPImageProcessor'],
    safety_checker: ['stable_diffusion', 'StableDiffusionSafetyChecker'],
    scheduler: ['diffusers', 'DDIMScheduler'],
    text_encoder: ['transformers', 'CLIPTextModel'],
    tokenizer: ['transformers', 'CLIPTokenizer'],
    unet: ['diffusers', 'UNet2DConditionModel'],
    vae: ['diffusers', 'AutoencoderKL'],
  },
  unet: {
    _class_name: 'UNet2DConditionModel',
    attention_head_dim: 8,
    block_out_channels: [320, 640, 1280, 1280],
    cross_attention_dim: 768,
    in_channels: 9,
    out_channels: 4,
    sample_size: 64,
  },
  textEncoder: { hidden_act: 'quick_gelu', hidden_size: 768, projection_dim: 768 },
};

const check = (configs: PipelineConfigs) => () => checkInpaintingFamily(configs, 'acme/model');
const withUnet = (unet: Record<string, unknown>): PipelineConfigs => ({ ...SD15_INPAINTING, unet: { ...(SD15_INPAINTING.unet as object), ...unet } });

describe('checkInpaintingFamily', () => {
  it('accepts SD-1.5 inpainting, and a tiny model of the same family whatever its sizes', () => {
    expect(check(SD15_INPAINTING)).not.toThrow();
    expect(check({ ...withUnet({ cross_attention_dim: 32, block_out_channels: [32, 64] }), textEncoder: { hidden_size: 32 } })).not.toThrow();
    // an ONNX export may carry no configs at all: nothing to tell from
    expect(check({})).not.toThrow();
  });

  it('refuses a text-to-image model, saying what it is and what an inpainting UNet takes', () => {
    expect(check({ ...withUnet({ in_channels: 4 }), modelIndex: { _class_name: 'StableDiffusionPipeline' } })).toThrow(
      expect.objectContaining({
        code: 'bundle-mismatch',
        message:
          'acme/model is a text-to-image model, not an inpainting model (StableDiffusionPipeline): its UNet takes 4 input channels where an inpainting UNet takes 9 (latents, mask and masked image). Look for an inpainting version of it.',
      }),
    );
    // diffusers' default in_channels is 4
    const { in_channels: _dropped, ...noChannels } = SD15_INPAINTING.unet as Record<string, unknown>;
    expect(check({ ...SD15_INPAINTING, unet: noChannels })).toThrow(/a text-to-image model, not an inpainting model/);
    expect(check(withUnet({ in_channels: 8 }))).toThrow("acme/model's UNet takes 8 input channels; an inpainting UNet with 4 latent channels takes 9.");
  });

  it('refuses SDXL by its second text encoder or its UNet', () => {
    const message = /^acme\/model is an SDXL model.*SDXL is not supported/;
    expect(check({ ...SD15_INPAINTING, modelIndex: { _class_name: 'StableDiffusionXLInpaintPipeline', text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'] } })).toThrow(message);
    expect(check(withUnet({ addition_embed_type: 'text_time', cross_attention_dim: 2048 }))).toThrow(message);
    expect(check({ modelIndex: { text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'] } })).toThrow(message);
  });

  it('refuses Stable Diffusion 2 by the OpenCLIP features its UNet reads, not by options a tiny SD-1.5-family model may use', () => {
    const sd2 = withUnet({ attention_head_dim: [5, 10, 20, 20], cross_attention_dim: 1024, use_linear_projection: true });
    expect(check({ ...sd2, textEncoder: { hidden_act: 'gelu', hidden_size: 1024 } })).toThrow(
      /^acme\/model is a Stable Diffusion 2 model \(StableDiffusionInpaintPipeline\): its UNet reads 1024-wide OpenCLIP text features/,
    );
    const options = withUnet({ attention_head_dim: [4, 2, 2], cross_attention_dim: 48, use_linear_projection: true, upcast_attention: true });
    expect(check({ ...options, textEncoder: { hidden_act: 'gelu', hidden_size: 48 } })).not.toThrow();
  });

  it('refuses parts that do not belong together, and a UNet of another kind', () => {
    expect(check({ ...SD15_INPAINTING, textEncoder: { hidden_size: 512 } })).toThrow(
      "acme/model's UNet reads text features 768 wide but its text encoder writes 512: the parts do not belong together.",
    );
    expect(check(withUnet({ _class_name: 'UNet2DModel' }))).toThrow(/unet is a UNet2DModel, not Stable Diffusion's UNet2DConditionModel/);
  });
});
