"""The tokenizer side of hub_fixtures.py, run under transformers 4 (requirements-tokenizers-v4.txt), not the golden venv.

Why a second interpreter: transformers 5 has no slow tokenizers any more (`CLIPTokenizer` is the Rust-backed one
and `save_pretrained` writes only tokenizer.json + a short tokenizer_config.json), while the SD repos published in
2022-24 ship what transformers 4's slow CLIPTokenizer wrote: vocab.json, merges.txt, special_tokens_map.json,
tokenizer_config.json and added_tokens.json, no tokenizer.json. So transformers 4 writes those files here, and
gives the ids of both tokenizers people loaded them with: the slow CLIPTokenizer and the CLIPTokenizerFast that
transformers converts from them (and that converted tokenizer.json, which models/text/tokenizer-json-from-files.ts
must reproduce). Imports no torch; talks JSON on stdout.

    python hub_tokenizer_v4.py save VOCAB_JSON MERGES_TXT OUT_DIR [--task-token NAME ...] [--style 2022|2024]
    python hub_tokenizer_v4.py ids TOKENIZER_DIR PROMPTS_JSON
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

import transformers
from transformers import CLIPTokenizer, CLIPTokenizerFast

SUB_TOKENS = 10


def save(vocab: pathlib.Path, merges: pathlib.Path, out: pathlib.Path, task_tokens: list[str], style: str) -> None:
    tokenizer = CLIPTokenizer(str(vocab), str(merges), model_max_length=77)
    # As PowerPaint's TokenizerWrapper.add_placeholder_token does: one add_tokens call per sub-token.
    for name in task_tokens:
        for i in range(SUB_TOKENS):
            assert tokenizer.add_tokens(f"{name}_{i}") == 1
    tokenizer.save_pretrained(str(out))
    if style == "2022":
        write_2022_config(out, tokenizer)
    assert not (out / "tokenizer.json").exists(), "a slow tokenizer writes no tokenizer.json"


def write_2022_config(out: pathlib.Path, tokenizer: CLIPTokenizer) -> None:
    """tokenizer_config.json as transformers < 4.34 wrote it (runwayml's SD repos): special tokens as `__type:
    AddedToken` dicts, no `added_tokens_decoder` (the added tokens, if any, are only in added_tokens.json)."""
    assert not (out / "added_tokens.json").exists(), "the 2022 style is for tokenizers without added tokens"

    def added(content: str) -> dict:
        return {"__type": "AddedToken", "content": content, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False}

    config = {
        "add_prefix_space": False,
        "bos_token": added(tokenizer.bos_token),
        "eos_token": added(tokenizer.eos_token),
        "errors": "replace",
        "model_max_length": 77,
        "name_or_path": "openai/clip-vit-large-patch14",
        "pad_token": tokenizer.pad_token,
        "special_tokens_map_file": "./special_tokens_map.json",
        "tokenizer_class": "CLIPTokenizer",
        "unk_token": added(tokenizer.unk_token),
    }
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


def ids(folder: pathlib.Path, prompts: list[str]) -> dict:
    """Content ids (no BOS/EOS, no truncation) of each prompt from the slow and the converted fast tokenizer."""
    slow = CLIPTokenizer.from_pretrained(str(folder))
    fast = CLIPTokenizerFast.from_pretrained(str(folder))  # no tokenizer.json there: converted from the slow files
    assert not (folder / "tokenizer.json").exists()
    return {
        "transformers": transformers.__version__,
        "slow": [slow(p, add_special_tokens=False).input_ids for p in prompts],
        "fast": [fast(p, add_special_tokens=False).input_ids for p in prompts],
        "fastTokenizerJson": json.loads(fast.backend_tokenizer.to_str()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p_save = commands.add_parser("save")
    p_save.add_argument("vocab", type=pathlib.Path)
    p_save.add_argument("merges", type=pathlib.Path)
    p_save.add_argument("out", type=pathlib.Path)
    p_save.add_argument("--task-token", action="append", default=[])
    p_save.add_argument("--style", choices=("2022", "2024"), default="2024")
    p_ids = commands.add_parser("ids")
    p_ids.add_argument("folder", type=pathlib.Path)
    p_ids.add_argument("prompts", type=pathlib.Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.vocab, args.merges, args.out, args.task_token, args.style)
    else:
        json.dump(ids(args.folder, json.loads(args.prompts.read_text())), sys.stdout)


if __name__ == "__main__":
    main()
