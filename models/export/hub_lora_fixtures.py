"""A random LoRA for the tiny PowerPaint repo, in the formats published LoRAs use, and diffusers' goldens with it fused.

Maintainers' tooling only (needs peft besides requirements.txt); the TypeScript tests read what this writes:

    HF_HUB_OFFLINE=1 /tmp/golden-venv/bin/python models/export/hub_lora_fixtures.py

1. test/fixtures/hub-repos/tiny-lora/random-lora/pytorch_lora_weights.safetensors: peft's LoRA on every module
   kind LCM-LoRA adapts (attention and feed-forward Linears, 1x1 and 3x3 convolutions, the time-embedding
   projections), lora_alpha != r, random A and B (peft starts B at zero, which would fuse to nothing), saved by
   diffusers' save_lora_weights with its adapter metadata (`unet.lora_alpha`, `unet.r`): keys
   `unet.<module>.lora_A.weight` / `.lora_B.weight`.
2. test/fixtures/hub-repos/tiny-lora/random-lora-kohya/pytorch_lora_weights.safetensors: the same LoRA in the
   kohya layout latent-consistency/lcm-lora-sdv1-5 is published in (`lora_unet_<module with _>.lora_down.weight`,
   `.lora_up.weight`, `.alpha`), written by diffusers' convert_state_dict_to_kohya with the true alpha (the
   converter writes alpha = rank).
3. test/fixtures/hub-lora-golden/golden.json + golden.bin: with each LoRA loaded by diffusers' load_lora_weights and
   fused by fuse_lora(lora_scale), StableDiffusionInpaintPipeline with LCMScheduler.from_config(the repo's config):
   the UNet's out_sample on a seeded input, and whole-pipeline cases (inpaint_cases.run_case, 4 steps, guidance 1
   and 2). Both files must fuse to the same weights (checked here), so their cases share one golden.
"""
from __future__ import annotations

import pathlib
import platform
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import diffusers  # noqa: E402
import numpy as np  # noqa: E402
import peft  # noqa: E402
import torch  # noqa: E402
from diffusers import LCMScheduler, StableDiffusionInpaintPipeline  # noqa: E402
from diffusers.utils.state_dict_utils import convert_state_dict_to_kohya  # noqa: E402
from peft import LoraConfig  # noqa: E402
from peft.utils import get_peft_model_state_dict  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402

from golden.inpaint_cases import Arrays, Case, Settings, make_image, make_mask, run_case  # noqa: E402
from hub_fixtures import POWERPAINT, REPOS  # noqa: E402
from hub_goldens import INPUT_SEED, PIPELINE, seeded  # noqa: E402

OUT = REPOS.parent / "hub-lora-golden"
PEFT_REPO = "tiny-lora/random-lora"
KOHYA_REPO = "tiny-lora/random-lora-kohya"
WEIGHT_NAME = "pytorch_lora_weights.safetensors"
SEED = 1717
RANK, ALPHA = 2, 3
# The module kinds lcm-lora-sdv1-5 adapts.
TARGETS = ["to_q", "to_k", "to_v", "to_out.0", "proj_in", "proj_out", "ff.net.0.proj", "ff.net.2", "conv1", "conv2", "conv_shortcut", "downsamplers.0.conv", "upsamplers.0.conv", "time_emb_proj"]
SCALES = (1.0, 0.5)
CASES = (  # (task, prompt, mask, guidance, scale): LCM-LoRA's advised guidance 1 (one UNet batch), and a guided one
    ("object", "a red vase", "box", 1.0, 1.0),
    ("remove", "", "box", 2.0, 1.0),
    ("object", "a red vase", "box", 1.0, 0.5),
)
TIMESTEP = 499


def load() -> StableDiffusionInpaintPipeline:
    pipe = StableDiffusionInpaintPipeline.from_pretrained(REPOS / POWERPAINT, safety_checker=None, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def write_loras() -> None:
    pipe = load()
    config = LoraConfig(r=RANK, lora_alpha=ALPHA, target_modules=TARGETS, init_lora_weights=True)
    pipe.unet.add_adapter(config)
    generator = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, param in pipe.unet.named_parameters():
            if "lora_" in name:
                param.copy_(torch.randn(param.shape, generator=generator) * 0.1)
    layers = get_peft_model_state_dict(pipe.unet)
    kinds = {tuple(v.shape[2:]) for k, v in layers.items() if k.endswith("lora_A.weight")}
    assert kinds == {(), (1, 1), (3, 3)}, kinds  # Linear, 1x1 and 3x3 convolutions all present
    metadata = {k: v for k, v in config.to_dict().items() if k in ("r", "lora_alpha", "rank_pattern", "alpha_pattern", "use_rslora", "use_dora", "target_modules")}
    (REPOS / PEFT_REPO).mkdir(parents=True, exist_ok=True)
    StableDiffusionInpaintPipeline.save_lora_weights(REPOS / PEFT_REPO, unet_lora_layers=layers, unet_lora_adapter_metadata=metadata, weight_name=WEIGHT_NAME)
    kohya = convert_state_dict_to_kohya({f"unet.{k}": v for k, v in layers.items()})
    kohya = {k: (torch.tensor(float(ALPHA)) if k.endswith(".alpha") else v.contiguous()) for k, v in kohya.items()}
    (REPOS / KOHYA_REPO).mkdir(parents=True, exist_ok=True)
    save_file(kohya, REPOS / KOHYA_REPO / WEIGHT_NAME)
    print(f"{len(layers) // 2} adapted modules; keys like {next(iter(load_file(REPOS / PEFT_REPO / WEIGHT_NAME)))} and {next(iter(kohya))}")


def fused(repo: str, scale: float) -> StableDiffusionInpaintPipeline:
    pipe = load()
    pipe.load_lora_weights(REPOS / repo, weight_name=WEIGHT_NAME, adapter_name="lora")
    pipe.fuse_lora(lora_scale=scale)
    pipe.unload_lora_weights()
    return pipe


@torch.no_grad()
def unet_golden(pipe, arrays: Arrays, scale: float) -> dict:
    states = seeded((2, pipe.tokenizer.model_max_length, pipe.text_encoder.config.hidden_size), INPUT_SEED)
    sample = seeded((2, pipe.unet.config.in_channels, 8, 8), INPUT_SEED + 808)
    out = pipe.unet(sample, torch.tensor(TIMESTEP), encoder_hidden_states=states).sample
    return {
        "module": "unet",
        "scale": scale,
        "latentHeight": 8,
        "latentWidth": 8,
        "timestep": TIMESTEP,
        "sample": arrays.add("inputs/unet/sample", sample),
        "encoderHiddenStates": arrays.add("inputs/unet/encoderHiddenStates", states),
        "outSample": arrays.add(f"scale{scale}/unet/outSample", out),
    }


def main() -> None:
    torch.set_num_threads(1)
    write_loras()
    base = load().unet.state_dict()
    size = PIPELINE["size"]
    image = make_image(size)
    masks = {"box": make_mask("box", size)}
    settings = Settings(size=size, steps=4, seed=PIPELINE["seed"], fitting=PIPELINE["fitting"])
    arrays = Arrays()
    modules, cases = [], []
    for scale in SCALES:
        pipe, kohya = fused(PEFT_REPO, scale), fused(KOHYA_REPO, scale)
        changed = 0
        for key, value in pipe.unet.state_dict().items():
            torch.testing.assert_close(value, kohya.unet.state_dict()[key], rtol=0, atol=1e-6)
            changed += not torch.equal(value, base[key])
        print(f"scale {scale}: {changed} UNet tensors changed by the fusion")
        modules.append(unet_golden(pipe, arrays, scale))
        scheduler_config = dict(pipe.scheduler.config)
        for task, prompt, mask, guidance, case_scale in CASES:
            if case_scale != scale:
                continue
            name = f"{task}-g{guidance}-scale{scale}"
            case = Case(name, task, prompt, "", mask, "LCMScheduler", guidance, None)
            entry = run_case(pipe, LCMScheduler.from_config(scheduler_config), arrays, image, masks, Settings(**{**settings.__dict__, "prefix": f"scale{scale}/"}), case)
            cases.append({**entry, "loraScale": scale})

    golden = {
        "about": "diffusers with a random LoRA fused (fuse_lora) into test/fixtures/hub-repos/tiny-pp/powerpaint-v1 (fp32), LCMScheduler; models/export/hub_lora_fixtures.py",
        "versions": {"torch": torch.__version__, "diffusers": diffusers.__version__, "peft": peft.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "repo": POWERPAINT,
        "loras": {"peft": PEFT_REPO, "kohya": KOHYA_REPO},
        "rank": RANK,
        "alpha": ALPHA,
        "size": size,
        "image": "../hub-golden/image.png",
        "masks": {"box": "../hub-golden/mask-box.png"},
        "modules": modules,
        "cases": cases,
    }
    arrays.write(OUT, golden)
    print(f"{len(cases)} cases, {arrays.offset / 1e3:.0f} kB of arrays written to {OUT}")


if __name__ == "__main__":
    main()
