"""Saving a pipeline the way the SD repos on the Hugging Face Hub have it (used by hub_fixtures.py).

`save_pretrained(..., safe_serialization=True)` gives the folder layout; then what 2022-24 repos have and
diffusers 0.42 / transformers 5 would not write today:
- the tokenizer as transformers 4's slow CLIPTokenizer wrote it: vocab.json, merges.txt, special_tokens_map.json,
  tokenizer_config.json (+ added_tokens.json), no tokenizer.json (hub_tokenizer_v4.py, under transformers 4);
- the scheduler config as SD-1.5 ships it (PNDMScheduler, 2022 keys);
- fp16 weights as the `fp16` variant files (`*.fp16.safetensors`) beside the fp32 ones;
- the text encoder's weights under transformers 4's names (`text_model.` prefix; 2022 style: + position_ids);
- optionally the VAE's mid-block attention under its 2022 names (query/key/value/proj_attn).
"""
from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import tempfile

import safetensors
import safetensors.torch
import torch

from hub_repos import SD15_SCHEDULER

HERE = pathlib.Path(__file__).resolve().parent
TOKENIZER_HELPER = HERE / "hub_tokenizer_v4.py"

# diffusers' current attention names -> the names 2022 checkpoints used (diffusers converts them back on load:
# ModelMixin._fix_state_dict_keys_on_load).
OLD_VAE_ATTENTION = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}


def run_tokenizer_helper(python: str, *args: str) -> str:
    result = subprocess.run([python, str(TOKENIZER_HELPER), *args], check=True, capture_output=True, text=True)
    return result.stdout


def write_slow_tokenizer(tokenizer, out: pathlib.Path, task_tokens: tuple[str, ...], style: str, python: str) -> None:
    """Replaces `out` with transformers 4's slow-tokenizer files for the same vocabulary, merges and task tokens."""
    model = json.loads(tokenizer.backend_tokenizer.to_str())["model"]
    shutil.rmtree(out)
    with tempfile.TemporaryDirectory() as tmp:
        vocab, merges = pathlib.Path(tmp) / "vocab.json", pathlib.Path(tmp) / "merges.txt"
        vocab.write_text(json.dumps(model["vocab"], ensure_ascii=False))
        merges.write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in model["merges"]))
        run_tokenizer_helper(python, "save", str(vocab), str(merges), str(out), "--style", style, *(f"--task-token={t}" for t in task_tokens))


def write_scheduler(out: pathlib.Path) -> None:
    (out / "scheduler_config.json").write_text(json.dumps(SD15_SCHEDULER, indent=2) + "\n")


def rewrite_safetensors(path: pathlib.Path, rename, extra: dict[str, torch.Tensor] | None = None) -> int:
    """Renames the tensors of a saved safetensors file (keeping its metadata), adds `extra`; returns how many renamed."""
    with safetensors.safe_open(str(path), "pt") as f:
        metadata = f.metadata()
    tensors = safetensors.torch.load_file(str(path))
    renamed = {rename(key): t for key, t in tensors.items()}
    safetensors.torch.save_file({**renamed, **(extra or {})}, str(path), metadata=metadata)
    return sum(key != new for key, new in zip(tensors, renamed))


def use_2022_vae_attention_names(path: pathlib.Path) -> None:
    """Renames the VAE mid-block attention weights to their 2022 names."""
    pattern = re.compile(r"(mid_block\.attentions\.0)\.(to_q|to_k|to_v|to_out\.0)\.")
    count = rewrite_safetensors(path, lambda key: pattern.sub(lambda m: f"{m[1]}.{OLD_VAE_ATTENTION[m[2]]}.", key))
    assert count == 16, "encoder and decoder: 4 layers x weight, bias"


def use_transformers4_text_names(path: pathlib.Path, position_ids: bool) -> None:
    """transformers 5 saves CLIPTextModel's weights without the `text_model.` prefix every published SD text encoder
    has (it strips it on load). position_ids: the int64 [1, 77] buffer transformers < 4.31 saved too (runwayml's
    checkpoints have it; loaders ignore it)."""
    extra = {"text_model.embeddings.position_ids": torch.arange(77, dtype=torch.int64)[None]} if position_ids else None
    rewrite_safetensors(path, lambda key: f"text_model.{key}", extra)


def save_repo(pipe, out: pathlib.Path, *, era: str, tokenizer_python: str, task_tokens: tuple[str, ...] = (), fp16_variant: bool = False) -> None:
    """Writes `pipe` to `out` in the Hub layout. Changes `pipe`'s dtype when fp16_variant (reload it from `out`).

    era "2024" (transformers 4.34+, diffusers 0.2x): tokenizer_config.json with added_tokens_decoder. era "2022"
    (runwayml's SD-1.x repos): tokenizer_config.json without it, the text encoder's position_ids buffer saved, the
    VAE's mid-block attention under query/key/value/proj_attn."""
    old = {"2022": True, "2024": False}[era]
    if out.exists():
        shutil.rmtree(out)
    pipe.save_pretrained(out, safe_serialization=True)
    if fp16_variant:
        # Only the weight files: the configs stay the fp32 save's (as the fp32 files are the repo's default).
        with tempfile.TemporaryDirectory() as tmp:
            pipe.to(torch.float16).save_pretrained(tmp, safe_serialization=True, variant="fp16")
            for f in sorted(pathlib.Path(tmp).glob("*/*.fp16.safetensors")):
                shutil.copyfile(f, out / f.parent.name / f.name)
    write_slow_tokenizer(pipe.tokenizer, out / "tokenizer", task_tokens, era, tokenizer_python)
    write_scheduler(out / "scheduler")
    for weights in sorted((out / "text_encoder").glob("*.safetensors")):
        use_transformers4_text_names(weights, position_ids=old)
    for weights in sorted((out / "vae").glob("*.safetensors")) if old else ():
        use_2022_vae_attention_names(weights)


def save_configs_only(pipe, out: pathlib.Path) -> None:
    """model_index.json and every component's config, no weights and no tokenizer (a refusal fixture)."""
    if out.exists():
        shutil.rmtree(out)
    with tempfile.TemporaryDirectory() as tmp:
        pipe.save_pretrained(tmp, safe_serialization=True)
        for f in sorted(pathlib.Path(tmp).glob("**/*.json")):
            relative = f.relative_to(tmp)
            if relative.name in ("model_index.json", "config.json", "scheduler_config.json"):
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, out / relative)
