"""Golden values from diffusers and transformers for the Hub-layout repos (hub_fixtures.py writes them).

Per module (what a graph built from config.json + safetensors must compute): the UNet's `out_sample`, the VAE
encoder's Gaussian (`latent_dist.mean`, `.logvar`: the quant_conv output split in two), the VAE decoder's image
from an unscaled latent (post_quant_conv + decoder), the text encoder's `last_hidden_state`. Inputs are seeded
and stored beside the outputs, so no torch random generator is needed to read them.

Whole pipeline: golden/inpaint_cases.run_case, as test/fixtures/golden has it, on the repo as loaded from disk.
"""
from __future__ import annotations

import torch
from diffusers import DDIMScheduler

from golden.inpaint_cases import QUALITY_NEGATIVE, Arrays, Case, Settings, expand, run_case, token_ids

# UNet latent sizes (h, w): square, non-square, and odd sides that no tiny UNet's factor (2 or 4) divides, so
# diffusers passes explicit upsample sizes (each upsampler resizes to its skip connection's size).
UNET_SIZES = ((8, 8), (12, 8), (9, 7))
VAE_SIZES = ((8, 8), (12, 8))  # latent sides; the VAE image is these times the VAE scale factor
TIMESTEP = 601
INPUT_SEED = 7

# Text-encoder rows: task prompts (sub-tokens expanded where the repo has them), empty, cased, and over 77 tokens.
TEXT_ROWS = (
    "",
    "a red vase P_obj",
    "empty scene blur P_ctxt",
    f"dog, {QUALITY_NEGATIVE} P_shape",
    "A Photo of a CAT, on the Table!",
    "a photo of a cat on a wooden table " * 10 + "P_obj",
)

# Pipeline cases: every task, PowerPaint v1's prompt rules, classifier-free guidance 7.5, seeded noise.
PIPELINE_TASKS = (
    ("object", "a red vase", "dog", "box"),
    ("remove", "", "", "box"),
    ("shape", "a cat", "", "box"),
    ("outpaint", "", "", "right"),
)
PIPELINE = dict(size=64, steps=4, seed=42, fitting=0.5)
GUIDANCE = 7.5


def seeded(shape: tuple[int, ...], seed: int, uniform: bool = False) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=generator) * 2 - 1 if uniform else torch.randn(shape, generator=generator)


def upsamplers(unet) -> int:
    return sum(block.upsamplers is not None for block in unet.up_blocks)


@torch.no_grad()
def unet_goldens(pipe, arrays: Arrays, prefix: str) -> list[dict]:
    hidden = pipe.text_encoder.config.hidden_size
    states = seeded((2, pipe.tokenizer.model_max_length, hidden), INPUT_SEED)
    factor = 2 ** upsamplers(pipe.unet)
    entries = []
    for h, w in UNET_SIZES:
        sample = seeded((2, pipe.unet.config.in_channels, h, w), INPUT_SEED + h * 100 + w)
        out = pipe.unet(sample, torch.tensor(TIMESTEP), encoder_hidden_states=states).sample
        entries.append(
            {
                "module": "unet",
                "latentHeight": h,
                "latentWidth": w,
                "forwardUpsampleSize": h % factor != 0 or w % factor != 0,
                "timestep": TIMESTEP,
                "sample": arrays.add(f"inputs/unet/sample/{h}x{w}", sample),
                "encoderHiddenStates": arrays.add(f"inputs/unet/encoderHiddenStates/{hidden}", states),
                "outSample": arrays.add(f"{prefix}unet/outSample/{h}x{w}", out),
            }
        )
    return entries


@torch.no_grad()
def vae_goldens(pipe, arrays: Arrays, prefix: str) -> list[dict]:
    vae, factor = pipe.vae, pipe.vae_scale_factor
    entries = []
    for h, w in VAE_SIZES:
        height, width = h * factor, w * factor
        image = seeded((1, 3, height, width), INPUT_SEED + height, uniform=True)
        dist = vae.encode(image).latent_dist
        # The Gaussian's parameters are quant_conv's output split in two (latent_dist clamps logvar to [-30, 20],
        # a no-op here): what a VAE-encoder graph outputs, before any sampling. use_quant_conv false: the encoder's.
        moments = vae.encoder(image)
        if vae.quant_conv is not None:
            moments = vae.quant_conv(moments)
        assert torch.equal(torch.cat([dist.mean, dist.logvar], 1), moments)
        entries.append(
            {
                "module": "vaeEncoder",
                "height": height,
                "width": width,
                "image": arrays.add(f"inputs/vaeEncoder/image/{height}x{width}", image),
                "mean": arrays.add(f"{prefix}vaeEncoder/mean/{height}x{width}", dist.mean),
                "logvar": arrays.add(f"{prefix}vaeEncoder/logvar/{height}x{width}", dist.logvar),
            }
        )
        latent = seeded((1, vae.config.latent_channels, h, w), INPUT_SEED + 1000 + h * 100 + w)
        entries.append(
            {
                "module": "vaeDecoder",
                "latentHeight": h,
                "latentWidth": w,
                "latent": arrays.add(f"inputs/vaeDecoder/latent/{h}x{w}", latent),
                "sample": arrays.add(f"{prefix}vaeDecoder/sample/{h}x{w}", vae.decode(latent).sample),
            }
        )
    return entries


@torch.no_grad()
def text_encoder_goldens(pipe, arrays: Arrays, prefix: str, task_tokens: bool) -> list[dict]:
    texts = [expand(t, task_tokens) for t in TEXT_ROWS]
    ids = token_ids(pipe, texts)
    states = pipe.text_encoder(torch.tensor(ids))[0]
    return [{"module": "textEncoder", "texts": texts, "inputIds": ids, "lastHiddenState": arrays.add(f"{prefix}textEncoder/lastHiddenState", states)}]


def module_goldens(pipe, arrays: Arrays, repo: str, variant: str, task_tokens: bool) -> list[dict]:
    prefix = f"{repo}/{variant}/"
    entries = [*unet_goldens(pipe, arrays, prefix), *vae_goldens(pipe, arrays, prefix), *text_encoder_goldens(pipe, arrays, prefix, task_tokens)]
    return [{"repo": repo, "variant": variant, **e} for e in entries]


def pipeline_goldens(pipe, arrays: Arrays, image, masks, repo: str, variant: str, task_tokens: bool) -> list[dict]:
    """Every task on the repo as published: the engine builds DDIM from the repo's (PNDM) scheduler config."""
    pipe.set_progress_bar_config(disable=True)
    config = dict(pipe.scheduler.config)
    settings = Settings(**PIPELINE, task_tokens=task_tokens, prefix=f"{repo}/{variant}/")
    cases = []
    for task, prompt, negative, mask in PIPELINE_TASKS:
        case = Case(task, task, prompt, negative, mask, "ddim", GUIDANCE, None)
        cases.append({**run_case(pipe, DDIMScheduler.from_config(config), arrays, image, masks, settings, case), "repo": repo, "variant": variant})
    return cases
