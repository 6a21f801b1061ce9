"""One golden case of diffusers' StableDiffusionInpaintPipeline with PowerPaint v1's prompts, and the packing of
its arrays. Shared by golden/pipeline_golden.py (the reference bundle) and hub_fixtures.py (the Hub-layout repos),
so both fixture sets come from the same prompt rules, image, masks and capture code.
"""
from __future__ import annotations

import dataclasses
import json
import pathlib
import re

import numpy as np
import torch
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[3]
# The harness sample (CC0, attribution in test/harness/samples/LICENSES.md).
SOURCE_IMAGE = ROOT / "test" / "harness" / "samples" / "chelsea.png"

QUALITY_NEGATIVE = "worst quality, low quality, normal quality, bad quality, blurry"
TASK_WORDS = ("P_ctxt", "P_shape", "P_obj")  # PowerPaint v1's order (tiny_pipeline.TASK_TOKENS)
SUB_TOKENS = 10


@dataclasses.dataclass(frozen=True)
class Settings:
    """What every case of one golden set shares."""

    size: int  # image side in pixels
    steps: int
    seed: int  # the run's generator
    fitting: float  # shape task's fitting degree
    task_tokens: bool = True  # False: a plain inpainting model, task words dropped (models/text/task-prompts.ts)
    prefix: str = ""  # array-name prefix, so several models' cases share one golden.bin


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    task: str
    prompt: str
    negative: str
    mask: str
    scheduler: str
    guidance: float
    latents: torch.Tensor | None  # given starting latents; None: the seeded generator draws them


def task_prompts(task: str, p: str, n: str) -> tuple[list[str], list[str]]:
    """PowerPaint v1's prompts (DESIGN.md's table; models/text/task-prompts.ts writes the same strings)."""
    p, n = p.strip(), n.strip()
    if task == "object":
        return [f"{p} P_obj"], [f"{n}, {QUALITY_NEGATIVE} P_obj"]
    if task in ("remove", "outpaint"):
        return [f"empty scene blur {p} P_ctxt"], [f"{n} P_obj"]
    if task == "shape":
        return [f"{p} P_shape", f"{p} P_ctxt"], [f"{n}, {QUALITY_NEGATIVE} P_shape", f"{n}, {QUALITY_NEGATIVE} P_ctxt"]
    raise ValueError(task)


def expand(text: str, task_tokens: bool = True) -> str:
    """PowerPaint's TokenizerWrapper.replace_placeholder_tokens_in_text: each task word -> its 10 sub-tokens.

    Without task tokens the words are dropped and whitespace collapsed, as models/text/task-prompts.ts's
    expandTaskWords does for a plain inpainting model.
    """
    if not task_tokens:
        return re.sub(r"\s+", " ", re.sub(r"(^|\s)(P_obj|P_ctxt|P_shape)(?=\s|$)", r"\1", text)).strip()
    for name in TASK_WORDS:
        if name in text:
            text = text.replace(name, " ".join(f"{name}_{i}" for i in range(SUB_TOKENS)))
    return text


def make_image(size: int) -> Image.Image:
    """A square crop of the cat's face from chelsea.png, downscaled to size x size (Lanczos)."""
    source = Image.open(SOURCE_IMAGE).convert("RGB")
    return source.crop((120, 20, 380, 280)).resize((size, size), Image.LANCZOS)


def make_mask(kind: str, size: int) -> Image.Image:
    mask = np.zeros((size, size), dtype=np.uint8)
    if kind == "box":
        mask[13:45, 19:52] = 255  # edges off the 8-pixel latent grid: checks nearest downsampling
    elif kind == "right":
        mask[:, 40:] = 255  # outpainting: a new strip on the right
    else:
        raise ValueError(kind)
    return Image.fromarray(mask, mode="L")


class Arrays:
    """Named arrays packed into one little-endian binary file, indexed in golden.json."""

    def __init__(self):
        self.index: dict[str, dict] = {}
        self.chunks: list[bytes] = []
        self.offset = 0

    def write(self, out: pathlib.Path, golden: dict) -> None:
        """golden.bin, and golden.json: `golden` with this index last, as "arrays"."""
        out.mkdir(parents=True, exist_ok=True)
        (out / "golden.bin").write_bytes(self.bytes())
        (out / "golden.json").write_text(json.dumps({**golden, "arrays": self.index}, indent=1) + "\n")

    def add(self, name: str, array) -> str:
        if isinstance(array, torch.Tensor):
            array = array.detach().cpu().numpy()
        array = np.ascontiguousarray(array)
        dtype = {np.dtype(np.float32): "float32", np.dtype(np.uint8): "uint8"}[array.dtype]
        if name in self.index:
            entry = self.index[name]
            stored = np.frombuffer(self.bytes()[entry["offset"] : entry["offset"] + entry["bytes"]], dtype=array.dtype)
            assert entry["shape"] == list(array.shape) and np.array_equal(stored, array.reshape(-1)), f"{name} differs between cases"
            return name
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        pad = (-self.offset) % 4
        self.chunks.append(b"\0" * pad)
        self.offset += pad
        self.index[name] = {"dtype": dtype, "shape": list(array.shape), "offset": self.offset, "bytes": len(data)}
        self.chunks.append(data)
        self.offset += len(data)
        return name

    def bytes(self) -> bytes:
        return b"".join(self.chunks)


def token_ids(pipe, texts: list[str]) -> list[list[int]]:
    """Exactly what diffusers' encode_prompt feeds the text encoder."""
    ids = pipe.tokenizer(texts, padding="max_length", max_length=pipe.tokenizer.model_max_length, truncation=True, return_tensors="pt").input_ids
    return ids.tolist()


def encode(pipe, text: str) -> torch.Tensor:
    embeds, _ = pipe.encode_prompt(text, "cpu", 1, False)
    return embeds


def run_case(pipe, scheduler, arrays: Arrays, image, masks, settings: Settings, case: Case) -> dict:
    """Runs one case on `pipe` with `scheduler` and returns its golden.json entry (arrays go into `arrays`)."""
    s, c = settings, case
    guided = c.guidance > 1
    positives, negatives = task_prompts(c.task, c.prompt, c.negative)
    positives, negatives = [expand(t, s.task_tokens) for t in positives], [expand(t, s.task_tokens) for t in negatives]
    pipe.scheduler = scheduler
    kwargs = {}
    if c.task == "shape":
        # PowerPaint's shape-guided prompt: t * E(A) + (1 - t) * E(B), on the encoder outputs, both sides.
        a, b = encode(pipe, positives[0]), encode(pipe, positives[1])
        kwargs["prompt_embeds"] = s.fitting * a + (1 - s.fitting) * b
        if guided:
            na, nb = encode(pipe, negatives[0]), encode(pipe, negatives[1])
            kwargs["negative_prompt_embeds"] = s.fitting * na + (1 - s.fitting) * nb
    else:
        kwargs["prompt"] = positives[0]
        if guided:
            kwargs["negative_prompt"] = negatives[0]

    captured = {}

    def on_step_end(_pipe, step, _t, tensors):
        if step == s.steps - 1:
            captured.update({k: v.clone() for k, v in tensors.items()})
        return {}

    generator = torch.Generator().manual_seed(s.seed)
    result = pipe(
        image=image,
        mask_image=masks[c.mask],
        height=s.size,
        width=s.size,
        num_inference_steps=s.steps,
        guidance_scale=c.guidance,
        generator=generator,
        latents=None if c.latents is None else c.latents.clone(),
        output_type="np",
        callback_on_step_end=on_step_end,
        callback_on_step_end_tensor_inputs=["latents", "prompt_embeds", "masked_image_latents", "mask"],
        **kwargs,
    )
    final = captured["latents"]
    with torch.no_grad():
        decoded = pipe.vae.decode(final / pipe.vae.config.scaling_factor, return_dict=False)[0]
    # The pipeline's own output is this decode, denormalized: check we store what it made.
    assert np.array_equal(result.images[0], (decoded / 2 + 0.5).clamp(0, 1)[0].permute(1, 2, 0).numpy())
    image_u8 = (result.images[0] * 255).round().astype(np.uint8)  # diffusers' numpy_to_pil rounding

    side = "guided" if guided else "unguided"
    sides = [negatives, positives] if guided else [positives]
    p = s.prefix
    entry = {
        "name": c.name,
        "task": c.task,
        "prompt": c.prompt,
        "negativePrompt": c.negative,
        **({"fittingDegree": s.fitting} if c.task == "shape" else {}),
        "mask": c.mask,
        "scheduler": c.scheduler,
        "guidance": c.guidance,
        "steps": s.steps,
        "seed": s.seed,
        "initialLatents": None if c.latents is None else "initialLatents",
        # The texts diffusers tokenized, [negative..., positive...] with guidance; A then B for shape.
        "texts": [t for side_texts in sides for t in side_texts],
        "tokenIds": token_ids(pipe, [t for side_texts in sides for t in side_texts]),
        "promptEmbeds": arrays.add(f"{p}promptEmbeds/{c.task}/{side}", captured["prompt_embeds"]),
        "maskLatent": arrays.add(f"{p}maskLatent/{c.mask}", captured["mask"][:1]),
        "maskedImageLatents": arrays.add(
            f"{p}maskedImageLatents/{c.mask}/seed{s.seed}" + ("" if c.latents is not None else "-after-noise"), captured["masked_image_latents"][:1]
        ),
        "finalLatents": arrays.add(f"{p}finalLatents/{c.name}", final),
        "decoded": arrays.add(f"{p}decoded/{c.name}", decoded),
        "image": arrays.add(f"{p}image/{c.name}", image_u8),
    }
    print(f"{p}{c.name}: latents |max| {final.abs().max():.3f}, decoded range [{decoded.min():.3f}, {decoded.max():.3f}]", flush=True)
    return entry
