"""The tiny Hub-layout repos of test/fixtures/hub-repos: their configs and seeded weights (hub_fixtures.py saves them).

- tiny-pp/powerpaint-v1: tiny_pipeline.py's PowerPaint pipeline, the very weights of test/fixtures/reference-bundle
  (so a graph built from the safetensors can be checked against that exported ONNX too).
- tiny-sd/inpainting-options: a 9-channel inpainting UNet/VAE/text encoder that differs from the first in every
  config value a config-driven graph builder must read (see OPTIONS_UNET etc.), no task tokens.
- tiny-sd/inpainting-rare-options: the config options the builders read that neither of the first two sets (see
  RARE_UNET etc.): only_cross_attention, transformer layers per block as a list, a VAE without mid-block attention or
  quant convolutions, a text encoder with more positions than the 77 ids it is fed; no task tokens.
- tiny-sd/text-to-image: a 4-channel (text-to-image) UNet, a model the plugin must refuse.
- tiny-sd/sdxl-like: SDXL's inpainting layout (text_encoder_2, `addition_embed_type: "text_time"`), configs only.

Every value here stays within what SD-1.5/SD-2 inpainting checkpoints of UNet2DConditionModel use: no class or
addition embeddings (except the SDXL refusal fixture), 9 input channels, 4 latent channels.
"""
from __future__ import annotations

import torch
from diffusers import (
    AutoencoderKL,
    EulerDiscreteScheduler,
    PNDMScheduler,
    StableDiffusionInpaintPipeline,
    StableDiffusionPipeline,
    StableDiffusionXLInpaintPipeline,
    UNet2DConditionModel,
)
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

import tiny_pipeline

SEED_OPTIONS = 20241
SEED_TEXT_TO_IMAGE = 20242
SEED_RARE_OPTIONS = 20243

# runwayml/stable-diffusion-v1-5's scheduler/scheduler_config.json, key for key (2022: no prediction_type or
# timestep_spacing, so readers must apply diffusers' defaults, epsilon and leading). The engine builds its DDIM
# sampler from this config, as diffusers' DDIMScheduler.from_config(pipe.scheduler.config) does.
SD15_SCHEDULER = {
    "_class_name": "PNDMScheduler",
    "_diffusers_version": "0.6.0",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "trained_betas": None,
    "clip_sample": False,
}

# Where (a) (tiny_pipeline.py) has: 2 levels (16, 32), 1 layer per block, 8 heads everywhere, 8 groups, eps 1e-5,
# conv projections, flip_sin_to_cos True, freq_shift 0, downsample padding 1, 1 transformer per block.
OPTIONS_UNET = dict(
    sample_size=16,
    in_channels=9,
    out_channels=4,
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    block_out_channels=(8, 16, 24),
    layers_per_block=2,  # SD's own value; (a) has 1
    # diffusers' legacy name: these are head COUNTS (num_attention_heads), per block; the mid block takes the last.
    # Head sizes 8/4 = 2, 16/2 = 8, 24/2 = 12: a builder reading them as head sizes gets the shapes wrong.
    attention_head_dim=(4, 2, 2),
    norm_num_groups=4,  # divides 8, 16, 24
    norm_eps=1e-6,
    use_linear_projection=True,  # SD-2: Linear proj_in/proj_out instead of 1x1 convolutions
    upcast_attention=True,  # SD-2.1: softmax in float32 (a no-op in fp32 math, but the builder must accept it)
    flip_sin_to_cos=False,
    freq_shift=1,
    downsample_padding=0,  # Downsample2D then pads (0, 1, 0, 1) itself and convolves without padding
    cross_attention_dim=48,
    transformer_layers_per_block=2,
)
OPTIONS_TEXT = dict(
    hidden_size=48,
    intermediate_size=96,
    num_hidden_layers=3,
    num_attention_heads=3,  # head size 16; (a): 4 heads of 8
    max_position_embeddings=77,
    # (a) already uses quick_gelu (CLIP ViT-L, SD-1.x); SD-2's OpenCLIP text encoder uses exact gelu.
    hidden_act="gelu",
    layer_norm_eps=1e-5,
    projection_dim=48,
)
OPTIONS_VAE = dict(
    in_channels=3,
    out_channels=3,
    down_block_types=("DownEncoderBlock2D",) * 3,  # VAE scale factor 4; (a): 4 blocks, factor 8
    up_block_types=("UpDecoderBlock2D",) * 3,
    block_out_channels=(8, 16, 16),
    layers_per_block=2,  # (a): 1
    latent_channels=4,
    norm_num_groups=4,  # (a): 8
    sample_size=32,
    scaling_factor=0.25,  # (a): SD-1.5's 0.18215; read it from the config
)

# What neither (a) nor OPTIONS_* sets. diffusers 0.42's UNet2DConditionModel refuses a config with
# num_attention_heads set ("not possible to define the number of attention heads via `num_attention_heads`", an
# error it has raised since 0.17), so no repo diffusers can load has it: the head counts are attention_head_dim again,
# a list, with num_attention_heads saved as null.
RARE_UNET = dict(
    sample_size=8,
    in_channels=9,
    out_channels=4,
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    mid_block_type="UNetMidBlock2DCrossAttn",  # the default, written out
    block_out_channels=(8, 16),
    layers_per_block=1,
    attention_head_dim=(2, 4),  # head counts: 2 heads of 4, 4 heads of 4 (the mid block: 4)
    # Every down/up block's attn1 attends to the text (to_k/to_v: cross_attention_dim -> width). The mid block's
    # does not: UNetMidBlock2DCrossAttn takes no only_cross_attention (mid_block_only_cross_attention, which
    # diffusers sets from this bool, is read only by UNetMidBlock2DSimpleCrossAttn).
    only_cross_attention=True,
    transformer_layers_per_block=(1, 2),  # per block: down 1, 2; up (reversed) 2, 1; mid the last, 2
    norm_num_groups=2,  # divides 8, 16 and the up blocks' concatenations 32, 24, 16
    cross_attention_dim=40,  # the text width: differs from every block width, so attn1 must take the text
)
RARE_TEXT = dict(
    hidden_size=40,
    intermediate_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,  # head size 10
    max_position_embeddings=80,  # more positions than the 77 ids the pipeline feeds: use the first 77
    hidden_act="quick_gelu",  # written out (CLIPTextConfig's default)
    layer_norm_eps=1e-6,
    projection_dim=40,
)
RARE_VAE = dict(
    in_channels=3,
    out_channels=3,
    down_block_types=("DownEncoderBlock2D",) * 4,  # factor 8, as SD's
    up_block_types=("UpDecoderBlock2D",) * 4,
    block_out_channels=(8, 8, 16, 16),
    layers_per_block=1,
    latent_channels=4,
    norm_num_groups=2,
    sample_size=64,
    mid_block_add_attention=False,  # mid block: resnet, resnet
    use_quant_conv=False,  # the encoder's conv_out gives mean ‖ logvar directly
    use_post_quant_conv=False,  # the latent goes straight to the decoder's conv_in
)


def text_encoder(tokenizer, **config) -> CLIPTextModel:
    return CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(tokenizer),
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
            **config,
        )
    ).eval()


def sd15_scheduler() -> PNDMScheduler:
    return PNDMScheduler.from_config(SD15_SCHEDULER)


def powerpaint_v1() -> StableDiffusionInpaintPipeline:
    pipe = tiny_pipeline.build_pipeline()
    pipe.scheduler = sd15_scheduler()
    return pipe


def inpainting_options() -> StableDiffusionInpaintPipeline:
    torch.manual_seed(SEED_OPTIONS)
    tokenizer = tiny_pipeline.build_tokenizer(task_tokens=False)
    return StableDiffusionInpaintPipeline(
        vae=AutoencoderKL(**OPTIONS_VAE).eval(),
        text_encoder=text_encoder(tokenizer, **OPTIONS_TEXT),
        tokenizer=tokenizer,
        unet=UNet2DConditionModel(**OPTIONS_UNET).eval(),
        scheduler=sd15_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def inpainting_rare_options() -> StableDiffusionInpaintPipeline:
    torch.manual_seed(SEED_RARE_OPTIONS)
    tokenizer = tiny_pipeline.build_tokenizer(task_tokens=False)
    return StableDiffusionInpaintPipeline(
        vae=AutoencoderKL(**RARE_VAE).eval(),
        text_encoder=text_encoder(tokenizer, **RARE_TEXT),
        tokenizer=tokenizer,
        unet=UNet2DConditionModel(**RARE_UNET).eval(),
        scheduler=sd15_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def text_to_image() -> StableDiffusionPipeline:
    """A complete text-to-image pipeline, as small as diffusers allows: only its UNet's 4 input channels matter."""
    torch.manual_seed(SEED_TEXT_TO_IMAGE)
    tokenizer = tiny_pipeline.build_tokenizer(task_tokens=False)
    small = dict(norm_num_groups=4, layers_per_block=1)
    return StableDiffusionPipeline(
        vae=AutoencoderKL(down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2, block_out_channels=(8, 8), **small).eval(),
        text_encoder=text_encoder(tokenizer, hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, max_position_embeddings=77, projection_dim=16),
        tokenizer=tokenizer,
        unet=UNet2DConditionModel(
            sample_size=8,
            in_channels=4,
            out_channels=4,
            down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
            block_out_channels=(8, 16),
            cross_attention_dim=16,
            attention_head_dim=2,
            **small,
        ).eval(),
        scheduler=sd15_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def sdxl_like() -> StableDiffusionXLInpaintPipeline:
    """SDXL inpainting's layout in miniature; hub_fixtures.py keeps only its JSON files (a refusal fixture)."""
    torch.manual_seed(0)  # the weights are thrown away; only the configs are kept
    tokenizer = tiny_pipeline.build_tokenizer(task_tokens=False)
    text = dict(intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, max_position_embeddings=77, hidden_act="gelu")
    encoder_2 = CLIPTextModelWithProjection(
        CLIPTextConfig(vocab_size=len(tokenizer), hidden_size=32, projection_dim=32, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, **text)
    )
    return StableDiffusionXLInpaintPipeline(
        vae=AutoencoderKL(down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2, block_out_channels=(8, 8), norm_num_groups=4, scaling_factor=0.13025),
        text_encoder=text_encoder(tokenizer, hidden_size=16, projection_dim=16, **text),
        text_encoder_2=encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=UNet2DConditionModel(
            sample_size=16,
            in_channels=9,
            out_channels=4,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            block_out_channels=(16, 32),
            layers_per_block=1,
            attention_head_dim=(2, 4),
            norm_num_groups=8,
            use_linear_projection=True,
            transformer_layers_per_block=(1, 2),
            cross_attention_dim=48,  # text_encoder 16 + text_encoder_2 32, concatenated
            addition_embed_type="text_time",
            addition_time_embed_dim=8,
            projection_class_embeddings_input_dim=6 * 8 + 32,  # 6 size/crop numbers + text_encoder_2's pooled output
        ),
        scheduler=EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1, timestep_spacing="leading"),
        requires_aesthetics_score=False,
        force_zeros_for_empty_prompt=True,
    )
