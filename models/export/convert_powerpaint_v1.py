"""Official PowerPaint v1 release files + SD-1.5 inpainting base -> one diffusers-format pipeline folder.

PowerPaint v1 is published (JunhaoZhuang/PowerPaint-v1) as two files over runwayml's SD-1.5 inpainting:

    unet/unet.safetensors                 the fine-tuned 9-channel UNet (a full UNet2DConditionModel state dict)
    text_encoder/text_encoder.safetensors the CLIP text encoder as PowerPaint's training code saves it: its
        token embedding wrapped in EmbeddingLayerWithFixes, i.e. the keys
        text_model.embeddings.token_embedding.wrapped.weight           [49408, 768]  (SD-1.5's table)
        text_model.embeddings.token_embedding.trainable_embeddings.P_ctxt  [10, 768]  (and P_shape, P_obj)
        plus every other CLIPTextModel weight under its usual name.

PowerPaint's own loader (powerpaint/utils/utils.py `add_tokens`, then safetensors `load_model`) adds the
sub-tokens P_ctxt_0..9, P_shape_0..9, P_obj_0..9 to SD-1.5's tokenizer in that order (ids 49408..49437) and
looks their vectors up from trainable_embeddings. This script does the same once, for good: the tokenizer
gets the 30 added tokens, the text encoder's table gets 30 more rows holding the trained vectors, and the
result is a plain diffusers pipeline that export_bundle.py turns into a bundle.

    python models/export/convert_powerpaint_v1.py --base SD15_INPAINTING_DIR --powerpaint POWERPAINT_V1_DIR OUT_DIR

Runs fully offline on local folders. Checks: every key of both files is used, every model weight is set,
and each task sub-token tokenizes to its own id.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import torch
from diffusers import StableDiffusionInpaintPipeline
from safetensors.torch import load_file

PLACEHOLDERS = ("P_ctxt", "P_shape", "P_obj")  # PowerPaint v1's order: decides the ids
VECTORS = 10
# Key names as PowerPaint saved them (transformers 4: CLIPTextModel's weights under "text_model.").
PREFIX = "text_model."
WRAPPED = PREFIX + "embeddings.token_embedding.wrapped.weight"
TRAINABLE = PREFIX + "embeddings.token_embedding.trainable_embeddings."
TABLE = PREFIX + "embeddings.token_embedding.weight"


def with_model_prefix(state: dict[str, torch.Tensor], model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """transformers 5's CLIPTextModel has no "text_model." level; 4.x has it. Match the installed one."""
    model_prefix = PREFIX if any(k.startswith(PREFIX) for k in model.state_dict()) else ""
    return {model_prefix + k.removeprefix(PREFIX): v for k, v in state.items()}


def text_encoder_state(official: dict[str, torch.Tensor], table: torch.Tensor, ids: dict[str, list[int]]) -> dict[str, torch.Tensor]:
    """PowerPaint's wrapped-embedding state dict -> a CLIPTextModel state dict with the extended table."""
    state = {k: v for k, v in official.items() if k != WRAPPED and not k.startswith(TRAINABLE)}
    if WRAPPED in official:
        base = official[WRAPPED]
    elif TABLE in official:
        base = official[TABLE]
    else:
        raise SystemExit(f"text_encoder.safetensors has neither {WRAPPED} nor {TABLE}: not a PowerPaint v1 text encoder")
    table = table.clone()
    table[: base.shape[0]] = base
    for name, token_ids in ids.items():
        key = TRAINABLE + name
        if key in official:
            vectors = official[key]
        elif base.shape[0] > max(token_ids):
            vectors = base[token_ids]  # already a full table with the task rows
        else:
            raise SystemExit(f"text_encoder.safetensors has no {key}: the trained {name} vectors are missing")
        if tuple(vectors.shape) != (len(token_ids), table.shape[1]):
            raise SystemExit(f"{key} has shape {tuple(vectors.shape)}; expected ({len(token_ids)}, {table.shape[1]})")
        table[token_ids] = vectors.to(table.dtype)
    state[TABLE] = table
    return state


def convert(base: pathlib.Path, powerpaint: pathlib.Path, out: pathlib.Path) -> None:
    pipe = StableDiffusionInpaintPipeline.from_pretrained(base, safety_checker=None, requires_safety_checker=False)
    tokenizer, text_encoder = pipe.tokenizer, pipe.text_encoder
    ids: dict[str, list[int]] = {}
    for name in PLACEHOLDERS:
        for i in range(VECTORS):
            if tokenizer.add_tokens(f"{name}_{i}") != 1:
                raise SystemExit(f"the base tokenizer already has {name}_{i}; pass the plain SD-1.5 inpainting folder as --base")
        ids[name] = tokenizer.convert_tokens_to_ids([f"{name}_{i}" for i in range(VECTORS)])
    text_encoder.resize_token_embeddings(len(tokenizer))
    text_encoder.config.vocab_size = len(tokenizer)

    official_text = {PREFIX + k.removeprefix(PREFIX): v for k, v in load_file(powerpaint / "text_encoder" / "text_encoder.safetensors").items()}
    state = text_encoder_state(official_text, text_encoder.get_input_embeddings().weight.detach(), ids)
    missing, unexpected = text_encoder.load_state_dict(with_model_prefix(state, text_encoder), strict=False)
    # position_ids is a buffer some transformers versions save and others do not.
    missing = [k for k in missing if not k.endswith("position_ids")]
    unexpected = [k for k in unexpected if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"text encoder weights do not fit: missing {missing[:5]}, unexpected {unexpected[:5]}")

    unet_state = load_file(powerpaint / "unet" / "unet.safetensors")
    missing, unexpected = pipe.unet.load_state_dict(unet_state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"UNet weights do not fit: missing {missing[:5]}, unexpected {unexpected[:5]}")

    for name, token_ids in ids.items():
        for i, token_id in enumerate(token_ids):
            if tokenizer(f"{name}_{i}", add_special_tokens=False).input_ids != [token_id]:
                raise SystemExit(f"{name}_{i} does not tokenize to its own id")
    pipe.save_pretrained(out, safe_serialization=True)
    print(f"PowerPaint v1 in diffusers format written to {out} (task token ids {ids['P_ctxt'][0]}..{ids['P_obj'][-1]})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=pathlib.Path, required=True, help="diffusers SD-1.5 inpainting folder (runwayml/stable-diffusion-inpainting)")
    parser.add_argument("--powerpaint", type=pathlib.Path, required=True, help="folder with unet/unet.safetensors and text_encoder/text_encoder.safetensors")
    parser.add_argument("out", type=pathlib.Path)
    args = parser.parse_args(argv)
    convert(args.base, args.powerpaint, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
