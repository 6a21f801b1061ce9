"""A tiny PowerPaint v1 pipeline made of diffusers' and transformers' own classes, saved in diffusers format.

It has the structure of the real one and nothing else in common: a 9-channel UNet2DConditionModel with
cross-attention, a CLIPTextModel with quick_gelu and a causal mask, an AutoencoderKL with 4 blocks (VAE
scale factor 8 like SD-1.5), a CLIP BPE tokenizer over a small vocabulary, and PowerPaint's 30 task
sub-tokens added to the tokenizer (in PowerPaint's order: P_ctxt, P_shape, P_obj) with their own rows at
the end of the text encoder's embedding table. Weights are random from a fixed seed; nothing is
downloaded. The same torch version and seed give the same weights.

    python models/export/tiny_pipeline.py /tmp/tiny-powerpaint

Exporting it (`export_bundle.py`) gives test/fixtures/reference-bundle; golden/pipeline_golden.py runs
diffusers' StableDiffusionInpaintPipeline on it.
"""
from __future__ import annotations

import argparse
import pathlib

import torch
from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionInpaintPipeline, UNet2DConditionModel
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

SEED = 20240
TASK_TOKENS = ("P_ctxt", "P_shape", "P_obj")  # PowerPaint v1 adds them in this order
SUB_TOKENS = 10
HIDDEN = 32

# Words that become single tokens (the prompts the engine writes and the golden prompts use).
WORDS = """a an the of on in and with at is photo cat dog red blue green white black yellow chair table
empty scene blur worst quality low normal bad blurry vase flowers flower sofa room garden tree sky car house
person window lamp cup book apple bird high best detailed background wall floor wooden small big cute hat
""".split()

# SD-1.5's scheduler settings as a DDIMScheduler config (what PowerPaint v1 samples with).
SCHEDULER = dict(
    beta_start=0.00085,
    beta_end=0.012,
    beta_schedule="scaled_linear",
    clip_sample=False,
    set_alpha_to_one=False,
    steps_offset=1,
    num_train_timesteps=1000,
    prediction_type="epsilon",
    timestep_spacing="leading",
)


def bytes_to_unicode() -> list[str]:
    """GPT-2/CLIP's reversible byte -> printable character table, in CLIP's vocabulary order."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def learn_merges(words: list[str]) -> list[tuple[str, str]]:
    """Plain BPE training, CLIP-style (`</w>` on a word's last symbol); ties break on the pair's text."""
    corpus = [[c + "</w>" if i == len(w) - 1 else c for i, c in enumerate(w)] for w in words]
    merges: list[tuple[str, str]] = []
    while True:
        counts: dict[tuple[str, str], int] = {}
        for symbols in corpus:
            for pair in zip(symbols, symbols[1:]):
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            return merges
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        for symbols in corpus:
            i = 0
            while i + 1 < len(symbols):
                if (symbols[i], symbols[i + 1]) == best:
                    symbols[i : i + 2] = [best[0] + best[1]]
                i += 1


def build_tokenizer(task_tokens: bool = True) -> CLIPTokenizer:
    chars = bytes_to_unicode()
    merges = learn_merges(WORDS)
    vocab: dict[str, int] = {}
    for entry in [*chars, *(c + "</w>" for c in chars), *(a + b for a, b in merges)]:
        vocab.setdefault(entry, len(vocab))
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    tokenizer = CLIPTokenizer(vocab=vocab, merges=[(a, b) for a, b in merges], model_max_length=77)
    # As PowerPaint's TokenizerWrapper.add_placeholder_token does: one add_tokens call per sub-token.
    for name in TASK_TOKENS if task_tokens else ():
        for i in range(SUB_TOKENS):
            assert tokenizer.add_tokens(f"{name}_{i}") == 1
    return tokenizer


def build_pipeline(seed: int = SEED, task_tokens: bool = True) -> StableDiffusionInpaintPipeline:
    """task_tokens=False: a plain SD-1.5-style inpainting pipeline (no P_* tokens)."""
    torch.manual_seed(seed)
    tokenizer = build_tokenizer(task_tokens)
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(tokenizer),
            hidden_size=HIDDEN,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=4,
            max_position_embeddings=77,
            hidden_act="quick_gelu",
            projection_dim=HIDDEN,
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
    ).eval()
    # The "trained" task rows: distinct from each other and from the vocabulary, so a wrong id or a
    # missing row changes every embedding after it (causal attention).
    if task_tokens:
        first = len(tokenizer) - len(TASK_TOKENS) * SUB_TOKENS
        with torch.no_grad():
            table = text_encoder.get_input_embeddings().weight
            table[first:] = torch.randn(len(TASK_TOKENS) * SUB_TOKENS, HIDDEN) * 0.5

    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=9,
        out_channels=4,
        layers_per_block=1,
        block_out_channels=(16, 32),
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=HIDDEN,
        attention_head_dim=8,
        norm_num_groups=8,
    ).eval()
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        block_out_channels=(8, 16, 16, 16),
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=8,
        sample_size=64,
    ).eval()
    scheduler = DDIMScheduler(**SCHEDULER)
    return StableDiffusionInpaintPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=pathlib.Path, help="folder for the diffusers-format pipeline")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-task-tokens", dest="task_tokens", action="store_false", help="plain SD-1.5-style inpainting, no P_* tokens")
    args = parser.parse_args()
    pipe = build_pipeline(args.seed, args.task_tokens)
    pipe.save_pretrained(args.out, safe_serialization=True)
    print(f"tiny {'PowerPaint' if args.task_tokens else 'plain inpainting'} pipeline written to {args.out}")


if __name__ == "__main__":
    main()
