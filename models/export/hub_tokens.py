"""Token-id goldens for the Hub-layout repos' tokenizer files (vocab.json + merges.txt + added tokens, no
tokenizer.json), from every tokenizer that has read such files: transformers 5's CLIPTokenizer (what diffusers 0.42
loads; Rust-backed, converted from the files), and under transformers 4 the slow CLIPTokenizer and the converted
CLIPTokenizerFast (hub_tokenizer_v4.py). models/text/tokenizer-json-from-files.ts must give the fast ids."""
from __future__ import annotations

import json
import pathlib
import tempfile

from golden.inpaint_cases import QUALITY_NEGATIVE, expand, token_ids
from hub_layout import run_tokenizer_helper

# Task words are written expanded, as the engine tokenizes them (a repo without task tokens sees plain text).
PROMPTS = (
    "",
    "a cat",
    expand("a red vase P_obj"),
    expand("empty scene blur  P_ctxt"),
    expand(f", {QUALITY_NEGATIVE} P_shape"),
    "A Red VASE on the TABLE",
    "a cat P_OBJ_0 p_obj_1 P_Obj_2",  # task sub-tokens in another case
    "P_obj_0P_obj_1 xP_obj_2",  # sub-tokens without spaces around them
    "P_obj_10 P_obj",  # near misses: a sub-token's prefix, the bare task word
    "hello, world! it's a dog's life; isn't it? DON'T",
    "3 cats and 12 dogs, 2024-05-01, 3.14",
    "café, naïve, Crème brûlée, Ångström",
    "cafe\u0301 vs caf\u00e9",  # decomposed and composed é: NFC makes them one
    "a cat 😀 with a 🎩 hat",
    "  lots   of \t whitespace\n\nand newlines  ",
    "猫犬 と ねこ",
    "a\u0007b\u200bc",  # a control character and a zero-width space
    "<|startoftext|>a cat<|endoftext|>",
    "ＦＵＬＬＷＩＤＴＨ ｆｕｌｌ",  # NFC keeps full-width letters (NFKC would fold them)
    "İstanbul ß ǅ",
    "https://example.com/path?q=1&r=2 #tag @user",
    "a photo of a cat " * 20,
    expand("a photo of a cat on a wooden table " * 10 + "P_obj"),
)


def token_goldens(pipe, folder: pathlib.Path, tokenizer_python: str) -> tuple[dict, dict]:
    """(golden entry, transformers 4's converted tokenizer.json) for the tokenizer files in `folder`."""
    tokenizer = pipe.tokenizer
    with tempfile.TemporaryDirectory() as tmp:
        prompts = pathlib.Path(tmp) / "prompts.json"
        prompts.write_text(json.dumps(PROMPTS))
        v4 = json.loads(run_tokenizer_helper(tokenizer_python, "ids", str(folder), str(prompts)))
    content = [tokenizer(p, add_special_tokens=False).input_ids for p in PROMPTS]
    padded = token_ids(pipe, list(PROMPTS))
    entry = {
        "contentIds": content,  # transformers 5: no BOS/EOS, no truncation
        "inputIds": padded,  # what diffusers' encode_prompt feeds the text encoder: BOS, content, EOS, EOS padding, 77
        "transformers4": {
            "version": v4["transformers"],
            "slowContentIds": v4["slow"],
            "fastContentIds": v4["fast"],
        },
        # Prompts whose slow ids differ from the fast ones (transformers 4's slow CLIPTokenizer, without ftfy).
        "slowDiffers": [i for i, (s, f) in enumerate(zip(v4["slow"], v4["fast"])) if s != f],
    }
    assert v4["fast"] == content, "transformers 4's converted fast tokenizer and transformers 5's disagree"
    return entry, v4["fastTokenizerJson"]
