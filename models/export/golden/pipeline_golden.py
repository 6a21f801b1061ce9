"""Golden vectors from diffusers' own StableDiffusionInpaintPipeline on the tiny PowerPaint pipeline.

Maintainers' tooling only: the TypeScript tests (test/golden/) read what this writes and never need Python.

    python3 -m venv /tmp/golden-venv
    /tmp/golden-venv/bin/pip install -r models/export/requirements.txt
    /tmp/golden-venv/bin/python models/export/golden/pipeline_golden.py      # or: npm run golden:regen

1. Builds the tiny pipeline (models/export/tiny_pipeline.py: diffusers' and transformers' classes, fixed
   seed) and saves it in diffusers format to a temporary folder.
2. Exports it with models/export/export_bundle.py to test/fixtures/reference-bundle (fp32; every model's
   weights in external data, so the engine's external-data path is exercised too).
3. Loads the saved pipeline back with StableDiffusionInpaintPipeline.from_pretrained and runs every case:
   tasks object, remove, shape (fitting degree 0.3), outpaint; DDIMScheduler and DPM++ 2M
   (DPMSolverMultistepScheduler, dpmsolver++, order 2); guidance 7.5 and 1.0; plus one case whose starting
   noise is drawn from the seeded generator instead of given. Prompts follow PowerPaint v1's rules
   (DESIGN.md): task words expanded to their sub-tokens as PowerPaint's TokenizerWrapper does; for shape,
   prompt_embeds / negative_prompt_embeds are t * E(A) + (1 - t) * E(B).
4. Writes test/fixtures/golden/: golden.json (cases, prompts, token ids, array index), golden.bin (the
   arrays, little-endian), image.png and the masks.
"""
from __future__ import annotations

import json
import pathlib
import platform
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import diffusers  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from diffusers import DDIMScheduler, DPMSolverMultistepScheduler, StableDiffusionInpaintPipeline  # noqa: E402
from PIL import Image  # noqa: E402

import export_bundle  # noqa: E402
import tiny_pipeline  # noqa: E402

ROOT = HERE.parents[2]
BUNDLE = ROOT / "test" / "fixtures" / "reference-bundle"
OUT = ROOT / "test" / "fixtures" / "golden"
# The harness sample (CC0, attribution in test/harness/samples/LICENSES.md).
SOURCE_IMAGE = ROOT / "test" / "harness" / "samples" / "chelsea.png"

SIZE = 64
STEPS = 8
SEED = 42  # the run's generator: draws the masked-image latent (and the starting noise where not given)
LATENT_SEED = 1234  # the given starting latents
FITTING = 0.3
QUALITY_NEGATIVE = "worst quality, low quality, normal quality, bad quality, blurry"

# (name, task, prompt, negative prompt, mask)
TASKS = [
    ("object", "object", "a red vase", "dog", "box"),
    ("remove", "remove", "", "", "box"),
    ("shape", "shape", "a cat", "", "box"),
    ("outpaint", "outpaint", "", "", "right"),
]
SCHEDULERS = {
    "ddim": lambda config: DDIMScheduler.from_config(config),
    "dpmpp-2m": lambda config: DPMSolverMultistepScheduler.from_config(
        config, algorithm_type="dpmsolver++", solver_order=2, use_karras_sigmas=False
    ),
}
GUIDANCES = (7.5, 1.0)


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


def expand(text: str) -> str:
    """PowerPaint's TokenizerWrapper.replace_placeholder_tokens_in_text: each task word -> its 10 sub-tokens."""
    for name in tiny_pipeline.TASK_TOKENS:
        if name in text:
            text = text.replace(name, " ".join(f"{name}_{i}" for i in range(tiny_pipeline.SUB_TOKENS)))
    return text


def make_image() -> Image.Image:
    """A square crop of the cat's face from chelsea.png, downscaled to 64x64 (Lanczos)."""
    source = Image.open(SOURCE_IMAGE).convert("RGB")
    return source.crop((120, 20, 380, 280)).resize((SIZE, SIZE), Image.LANCZOS)


def make_mask(kind: str) -> Image.Image:
    mask = np.zeros((SIZE, SIZE), dtype=np.uint8)
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


def run_case(pipe, base_config, arrays: Arrays, image, masks, latents, name, task, prompt, negative, mask_kind, scheduler, guidance, given_latents):
    guided = guidance > 1
    positives, negatives = task_prompts(task, prompt, negative)
    positives, negatives = [expand(t) for t in positives], [expand(t) for t in negatives]
    pipe.scheduler = SCHEDULERS[scheduler](base_config)
    kwargs = {}
    if task == "shape":
        # PowerPaint's shape-guided prompt: t * E(A) + (1 - t) * E(B), on the encoder outputs, both sides.
        a, b = encode(pipe, positives[0]), encode(pipe, positives[1])
        kwargs["prompt_embeds"] = FITTING * a + (1 - FITTING) * b
        if guided:
            na, nb = encode(pipe, negatives[0]), encode(pipe, negatives[1])
            kwargs["negative_prompt_embeds"] = FITTING * na + (1 - FITTING) * nb
    else:
        kwargs["prompt"] = positives[0]
        if guided:
            kwargs["negative_prompt"] = negatives[0]

    captured = {}

    def on_step_end(_pipe, step, _t, tensors):
        if step == STEPS - 1:
            captured.update({k: v.clone() for k, v in tensors.items()})
        return {}

    generator = torch.Generator().manual_seed(SEED)
    result = pipe(
        image=image,
        mask_image=masks[mask_kind],
        height=SIZE,
        width=SIZE,
        num_inference_steps=STEPS,
        guidance_scale=guidance,
        generator=generator,
        latents=latents.clone() if given_latents else None,
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
    case = {
        "name": name,
        "task": task,
        "prompt": prompt,
        "negativePrompt": negative,
        **({"fittingDegree": FITTING} if task == "shape" else {}),
        "mask": mask_kind,
        "scheduler": scheduler,
        "guidance": guidance,
        "steps": STEPS,
        "seed": SEED,
        "initialLatents": "initialLatents" if given_latents else None,
        # The texts diffusers tokenized, [negative..., positive...] with guidance; A then B for shape.
        "texts": [t for s in sides for t in s],
        "tokenIds": token_ids(pipe, [t for s in sides for t in s]),
        "promptEmbeds": arrays.add(f"promptEmbeds/{task}/{side}", captured["prompt_embeds"]),
        "maskLatent": arrays.add(f"maskLatent/{mask_kind}", captured["mask"][:1]),
        "maskedImageLatents": arrays.add(
            f"maskedImageLatents/{mask_kind}/seed{SEED}" + ("" if given_latents else "-after-noise"), captured["masked_image_latents"][:1]
        ),
        "finalLatents": arrays.add(f"finalLatents/{name}", final),
        "decoded": arrays.add(f"decoded/{name}", decoded),
        "image": arrays.add(f"image/{name}", image_u8),
    }
    print(f"{name}: latents |max| {final.abs().max():.3f}, decoded range [{decoded.min():.3f}, {decoded.max():.3f}]", flush=True)
    return case


def main() -> None:
    torch.set_num_threads(1)  # one summation order, whatever the machine
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = pathlib.Path(tmp) / "tiny-powerpaint"
        tiny_pipeline.build_pipeline().save_pretrained(checkpoint, safe_serialization=True)
        export_bundle.export_bundle(
            export_bundle.parse_args(
                [
                    str(checkpoint),
                    str(BUNDLE),
                    "--overwrite",
                    "--external-data",
                    "always",
                    "--name",
                    "PowerPaint v1 (tiny reference pipeline, random weights)",
                    "--steps",
                    str(STEPS),
                ]
            )
        )
        pipe = StableDiffusionInpaintPipeline.from_pretrained(checkpoint, safety_checker=None, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)
    base_config = dict(pipe.scheduler.config)

    image = make_image()
    image.save(OUT / "image.png")
    masks = {kind: make_mask(kind) for kind in ("box", "right")}
    for kind, mask in masks.items():
        mask.save(OUT / f"mask-{kind}.png")

    arrays = Arrays()
    latents = torch.randn((1, 4, SIZE // 8, SIZE // 8), generator=torch.Generator().manual_seed(LATENT_SEED))
    arrays.add("initialLatents", latents)
    cases = []
    for scheduler in SCHEDULERS:
        for guidance in GUIDANCES:
            for name, task, prompt, negative, mask_kind in TASKS:
                case_name = f"{name}-{scheduler}-g{guidance:g}"
                cases.append(run_case(pipe, base_config, arrays, image, masks, latents, case_name, task, prompt, negative, mask_kind, scheduler, guidance, True))
    # Starting noise drawn by the generator (seed 42): checks the engine draws in diffusers' order.
    cases.append(run_case(pipe, base_config, arrays, image, masks, latents, "object-ddim-g7.5-seeded", "object", "a red vase", "dog", "box", "ddim", 7.5, False))

    (OUT / "golden.bin").write_bytes(arrays.bytes())
    golden = {
        "about": "diffusers StableDiffusionInpaintPipeline on test/fixtures/reference-bundle's pipeline; see README.md",
        "versions": {
            "torch": torch.__version__,
            "diffusers": diffusers.__version__,
            "transformers": transformers.__version__,
            "onnxruntime": onnxruntime.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "size": SIZE,
        "image": "image.png",
        "masks": {kind: f"mask-{kind}.png" for kind in masks},
        "schedulerOverrides": {"dpmpp-2m": {"algorithm_type": "dpmsolver++", "solver_order": 2, "use_karras_sigmas": False}},
        "cases": cases,
        "arrays": arrays.index,
    }
    (OUT / "golden.json").write_text(json.dumps(golden, indent=1) + "\n")
    print(f"{len(cases)} cases, {arrays.offset / 1e3:.0f} kB of arrays written to {OUT}")


if __name__ == "__main__":
    main()
