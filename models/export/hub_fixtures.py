"""Tiny diffusers repos in the Hugging Face Hub's layout, and golden values for them from diffusers itself.

Maintainers' tooling only: the TypeScript tests read what this writes and never need Python.

    HF_HUB_OFFLINE=1 /tmp/golden-venv/bin/python models/export/hub_fixtures.py [--tokenizer-python /tmp/tf4-venv/bin/python]

(the second interpreter: transformers 4, requirements-tokenizers-v4.txt; see hub_tokenizer_v4.py for why.)

1. test/fixtures/hub-repos/<owner>/<name>/: the repos (hub_repos.py) saved as published (hub_layout.py):
   tiny-pp/powerpaint-v1 (fp32 + fp16 variant, files as 2024 repos have them), tiny-sd/inpainting-options (fp32,
   files as 2022 repos have them), tiny-sd/inpainting-rare-options (fp32, 2024 files, the rarer config options),
   tiny-sd/text-to-image (4-channel UNet), tiny-sd/sdxl-like (configs only).
2. test/fixtures/hub-golden/: golden.json + golden.bin (test/fixtures/golden's format: per-module and whole-pipeline
   goldens, hub_goldens.py), tokens.json (token ids, hub_tokens.py), transformers4/<owner>/<name>/tokenizer.json
   (the tokenizer.json transformers 4 converts from each repo's files), image.png and the masks.
Goldens come from the repos as loaded back from disk: fp32; fp16 variant loaded with dtype=float32 (fp16-rounded
weights, fp32 math, as the wasm backend computes); the inpainting-options and inpainting-rare-options repos. Same
versions, same bytes.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import platform
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import diffusers  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from diffusers import StableDiffusionInpaintPipeline  # noqa: E402

import hub_repos  # noqa: E402
import tiny_pipeline  # noqa: E402
from golden.inpaint_cases import ROOT, Arrays, make_image, make_mask  # noqa: E402
from hub_goldens import PIPELINE, module_goldens, pipeline_goldens  # noqa: E402
from hub_layout import save_configs_only, save_repo  # noqa: E402
from hub_tokens import PROMPTS, token_goldens  # noqa: E402

REPOS = ROOT / "test" / "fixtures" / "hub-repos"
OUT = ROOT / "test" / "fixtures" / "hub-golden"
POWERPAINT = "tiny-pp/powerpaint-v1"
OPTIONS = "tiny-sd/inpainting-options"
RARE = "tiny-sd/inpainting-rare-options"


def write_repos(tokenizer_python: str) -> None:
    save_repo(hub_repos.powerpaint_v1(), REPOS / POWERPAINT, era="2024", tokenizer_python=tokenizer_python, task_tokens=tiny_pipeline.TASK_TOKENS, fp16_variant=True)
    save_repo(hub_repos.inpainting_options(), REPOS / OPTIONS, era="2022", tokenizer_python=tokenizer_python)
    save_repo(hub_repos.inpainting_rare_options(), REPOS / RARE, era="2024", tokenizer_python=tokenizer_python)
    save_repo(hub_repos.text_to_image(), REPOS / "tiny-sd" / "text-to-image", era="2022", tokenizer_python=tokenizer_python)
    save_configs_only(hub_repos.sdxl_like(), REPOS / "tiny-sd" / "sdxl-like")


def load(repo: str, variant: str) -> StableDiffusionInpaintPipeline:
    kwargs = {"variant": "fp16", "dtype": torch.float32} if variant == "fp16" else {}
    return StableDiffusionInpaintPipeline.from_pretrained(REPOS / repo, safety_checker=None, requires_safety_checker=False, **kwargs)


def check_loaded(pipe, reference, fp16: bool) -> None:
    """The saved repo loads back to the weights it was saved from (fp16: rounded to fp16), VAE's old names included."""
    for name in ("unet", "vae", "text_encoder"):
        saved, loaded = getattr(reference, name).state_dict(), getattr(pipe, name).state_dict()
        assert saved.keys() == loaded.keys(), name
        for key, value in saved.items():
            expected = value.half().float() if fp16 else value
            assert loaded[key].dtype == torch.float32 and torch.equal(loaded[key], expected), f"{name}.{key}"


def clear_out() -> None:
    """Empties test/fixtures/hub-golden but for its hand-written README."""
    OUT.mkdir(parents=True, exist_ok=True)
    for item in OUT.iterdir():
        if item.is_dir():
            shutil.rmtree(item)
        elif item.name != "README.md":
            item.unlink()


def repo_info(pipe, task_tokens: bool, variants: list[str]) -> dict:
    """What a reader needs to know of a repo before reading its goldens (golden.json's `repos`)."""
    return {
        "taskTokens": {name: [f"{name}_{i}" for i in range(tiny_pipeline.SUB_TOKENS)] for name in tiny_pipeline.TASK_TOKENS} if task_tokens else None,
        "variants": variants,
        "vaeScaleFactor": pipe.vae_scale_factor,
        "scalingFactor": pipe.vae.config.scaling_factor,
        "hiddenSize": pipe.text_encoder.config.hidden_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer-python", default="/tmp/tf4-venv/bin/python", help="a Python with requirements-tokenizers-v4.txt")
    args = parser.parse_args()
    torch.set_num_threads(1)  # one summation order, whatever the machine
    write_repos(args.tokenizer_python)

    clear_out()
    size = PIPELINE["size"]
    image = make_image(size)
    image.save(OUT / "image.png")
    masks = {kind: make_mask(kind, size) for kind in ("box", "right")}
    for kind, mask in masks.items():
        mask.save(OUT / f"mask-{kind}.png")

    references = {POWERPAINT: hub_repos.powerpaint_v1(), OPTIONS: hub_repos.inpainting_options(), RARE: hub_repos.inpainting_rare_options()}
    arrays = Arrays()
    modules, cases, tokens, repos = [], [], {}, {}
    for repo, variant in ((POWERPAINT, "fp32"), (POWERPAINT, "fp16"), (OPTIONS, "fp32"), (RARE, "fp32")):
        pipe = load(repo, variant)
        check_loaded(pipe, references[repo], variant == "fp16")
        task_tokens = repo == POWERPAINT
        modules += module_goldens(pipe, arrays, repo, variant, task_tokens)
        cases += pipeline_goldens(pipe, arrays, image, masks, repo, variant, task_tokens)
        if variant == "fp32":
            tokens[repo], converted = token_goldens(pipe, REPOS / repo / "tokenizer", args.tokenizer_python)
            (OUT / "transformers4" / repo).mkdir(parents=True)
            (OUT / "transformers4" / repo / "tokenizer.json").write_text(json.dumps(converted, indent=2, ensure_ascii=False) + "\n")
            repos[repo] = repo_info(pipe, task_tokens, ["fp32", "fp16"] if repo == POWERPAINT else ["fp32"])

    versions = {
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "transformers": transformers.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    (OUT / "golden.bin").write_bytes(arrays.bytes())
    golden = {
        "about": "diffusers on test/fixtures/hub-repos, loaded from disk; see README.md and models/export/hub_fixtures.py",
        "versions": versions,
        "size": size,
        "image": "image.png",
        "masks": {kind: f"mask-{kind}.png" for kind in masks},
        "repos": repos,
        "modules": modules,
        "cases": cases,
        "arrays": arrays.index,
    }
    (OUT / "golden.json").write_text(json.dumps(golden, indent=1) + "\n")
    (OUT / "tokens.json").write_text(json.dumps({"versions": versions, "prompts": PROMPTS, "repos": tokens}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(modules)} module goldens, {len(cases)} pipeline cases, {arrays.offset / 1e3:.0f} kB of arrays written to {OUT}")


if __name__ == "__main__":
    main()
