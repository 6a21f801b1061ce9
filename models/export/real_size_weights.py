"""SD-1.5-inpainting-sized random weights, saved as the Hub publishes them, and torch's outputs on them.

Maintainers' tooling (never in CI): the check that graphs built from config.json and bound to a real-size
fp16 safetensors file compute what diffusers computes. Nothing is downloaded: the UNet (9 input channels)
and the VAE are diffusers' own classes with SD-1.5 inpainting's published configs and seeded random weights.

    /tmp/golden-venv/bin/python models/export/real_size_weights.py /tmp/sd15-random
    npm run bench:real-size -- /tmp/sd15-random

Writes OUT/unet and OUT/vae (config.json + diffusion_pytorch_model.fp16.safetensors, as
`save_pretrained(variant="fp16")` writes them) and OUT/check/*.bin: one UNet call (batch 2: the guided
pair, 64x64 latents = 512 px) and one VAE decode (1x4x64x64 -> 512x512), inputs and torch's outputs,
computed in float32 from the fp16 weights (what the plugin's float32 graphs compute from the same file).
"""
from __future__ import annotations

import json
import pathlib
import sys
import time

import numpy as np
import torch
from diffusers import AutoencoderKL, UNet2DConditionModel

SEED = 1505

# runwayml/stable-diffusion-inpainting's unet/config.json and vae/config.json (the published values).
UNET = dict(
    sample_size=64, in_channels=9, out_channels=4, center_input_sample=False, flip_sin_to_cos=True, freq_shift=0,
    down_block_types=["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    up_block_types=["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    block_out_channels=[320, 640, 1280, 1280], layers_per_block=2, downsample_padding=1, mid_block_scale_factor=1,
    act_fn="silu", norm_num_groups=32, norm_eps=1e-5, cross_attention_dim=768, attention_head_dim=8,
)
VAE = dict(
    in_channels=3, out_channels=3, latent_channels=4, sample_size=512, layers_per_block=2, norm_num_groups=32,
    act_fn="silu", block_out_channels=[128, 256, 512, 512],
    down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
)


def save(out: pathlib.Path, name: str, array: torch.Tensor) -> dict:
    data = array.detach().to(torch.float32).contiguous().numpy()
    (out / f"{name}.bin").write_bytes(data.astype("<f4").tobytes())
    return {"shape": list(data.shape)}


def main(out: pathlib.Path) -> None:
    torch.manual_seed(SEED)
    check = out / "check"
    check.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict] = {}
    started = time.time()
    for name, cls, config in (("unet", UNet2DConditionModel, UNET), ("vae", AutoencoderKL, VAE)):
        model = cls(**config).eval()
        # Default init leaves some layers tiny; scale so activations stay in a realistic range.
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn_like(p) * 0.02)
        model.to(torch.float16).save_pretrained(out / name, variant="fp16", safe_serialization=True)
        print(f"{name}: {sum(p.numel() for p in model.parameters()):,} parameters saved", flush=True)
    # Reload from the fp16 files in float32: the weights the plugin's float32 graphs compute with.
    unet = UNet2DConditionModel.from_pretrained(out / "unet", variant="fp16", torch_dtype=torch.float32).eval()
    vae = AutoencoderKL.from_pretrained(out / "vae", variant="fp16", torch_dtype=torch.float32).eval()
    g = torch.Generator().manual_seed(SEED)
    sample = torch.randn(2, 9, 64, 64, generator=g)
    states = torch.randn(2, 77, 768, generator=g)
    timestep = torch.tensor([981, 981])
    latent = torch.randn(1, 4, 64, 64, generator=g)
    with torch.no_grad():
        t0 = time.time()
        unet_out = unet(sample, timestep, states).sample
        unet_seconds = time.time() - t0
        t0 = time.time()
        decoded = vae.decode(latent).sample
        decode_seconds = time.time() - t0
    for key, value in (("unet_sample", sample), ("unet_states", states), ("unet_out", unet_out), ("vae_latent", latent), ("vae_out", decoded)):
        index[key] = save(check, key, value)
    index["unet_timestep"] = {"values": timestep.tolist()}
    index["torch"] = {"version": torch.__version__, "unet_seconds": unet_seconds, "decode_seconds": decode_seconds, "threads": torch.get_num_threads()}
    (check / "index.json").write_text(json.dumps(index, indent=1))
    print(f"done in {time.time() - started:.0f} s; torch UNet call {unet_seconds:.1f} s, VAE decode {decode_seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sd15-random"))
