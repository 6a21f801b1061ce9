"""A tiny random TAESD (diffusers' AutoencoderTiny, madebyollin/taesd's class) and diffusers' decodes of it.

Maintainers' tooling only; the TypeScript tests read what this writes:

    HF_HUB_OFFLINE=1 /tmp/golden-venv/bin/python models/export/hub_taesd_fixtures.py

1. test/fixtures/hub-repos/tiny-taesd/taesd/: config.json + diffusion_pytorch_model.safetensors, saved by
   save_pretrained as madebyollin/taesd is published (root of the repo), with TAESD's structure (4 levels, x8,
   relu, latent_channels 4) at width 8: torch's seeded default init, biases drawn too (none is zero), so values
   stay near the real model's range.
2. test/fixtures/hub-taesd-golden/golden.json + golden.bin (the Arrays format of test/fixtures/golden): for seeded
   latents (scaled by 2, so tanh's clamp matters), AutoencoderTiny.decode(latents).sample, fp32.
"""
from __future__ import annotations

import pathlib
import platform
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import diffusers  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from diffusers import AutoencoderTiny  # noqa: E402

from golden.inpaint_cases import Arrays  # noqa: E402
from hub_fixtures import REPOS  # noqa: E402
from hub_goldens import seeded  # noqa: E402

REPO = "tiny-taesd/taesd"
OUT = REPOS.parent / "hub-taesd-golden"
SEED = 2024
SIZES = ((8, 8), (8, 12))  # latent sides; the second is not square


def main() -> None:
    torch.manual_seed(SEED)
    vae = AutoencoderTiny(
        encoder_block_out_channels=(8, 8, 8, 8),
        decoder_block_out_channels=(8, 8, 8, 8),
        num_encoder_blocks=(1, 1, 1, 1),
        num_decoder_blocks=(2, 1, 1, 1),
        latent_channels=4,
    ).eval()
    generator = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, param in vae.named_parameters():
            if name.endswith(".bias"):
                param.copy_(torch.randn(param.shape, generator=generator) * 0.1)
    vae.save_pretrained(REPOS / REPO)
    arrays = Arrays()
    decodes = []
    with torch.no_grad():
        for i, (h, w) in enumerate(SIZES):
            latents = seeded((1, 4, h, w), SEED + i) * 2
            sample = vae.decode(latents).sample
            decodes.append({"latentHeight": h, "latentWidth": w, "latents": arrays.add(f"{h}x{w}/latents", latents), "sample": arrays.add(f"{h}x{w}/sample", sample)})
    golden = {
        "about": "diffusers' AutoencoderTiny.decode on test/fixtures/hub-repos/tiny-taesd/taesd; models/export/hub_taesd_fixtures.py",
        "versions": {"torch": torch.__version__, "diffusers": diffusers.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "repo": REPO,
        "decodes": decodes,
    }
    arrays.write(OUT, golden)
    print(f"{sum(p.numel() for p in vae.decoder.parameters())} decoder parameters; {arrays.offset / 1e3:.0f} kB of arrays written to {OUT}")


if __name__ == "__main__":
    main()
