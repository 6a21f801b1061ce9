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
   prompt_embeds / negative_prompt_embeds are t * E(A) + (1 - t) * E(B). (One case: golden/inpaint_cases.py,
   shared with hub_fixtures.py.)
4. Writes test/fixtures/golden/: golden.json (cases, prompts, token ids, array index), golden.bin (the
   arrays, little-endian), image.png and the masks.
"""
from __future__ import annotations

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

import export_bundle  # noqa: E402
import tiny_pipeline  # noqa: E402
from golden.inpaint_cases import ROOT, Arrays, Case, Settings, make_image, make_mask, run_case  # noqa: E402

BUNDLE = ROOT / "test" / "fixtures" / "reference-bundle"
OUT = ROOT / "test" / "fixtures" / "golden"

SIZE = 64
STEPS = 8
SEED = 42  # the run's generator: draws the masked-image latent (and the starting noise where not given)
LATENT_SEED = 1234  # the given starting latents
FITTING = 0.3

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

    image = make_image(SIZE)
    image.save(OUT / "image.png")
    masks = {kind: make_mask(kind, SIZE) for kind in ("box", "right")}
    for kind, mask in masks.items():
        mask.save(OUT / f"mask-{kind}.png")

    arrays = Arrays()
    latents = torch.randn((1, 4, SIZE // 8, SIZE // 8), generator=torch.Generator().manual_seed(LATENT_SEED))
    arrays.add("initialLatents", latents)
    cases = []
    settings = Settings(size=SIZE, steps=STEPS, seed=SEED, fitting=FITTING)

    def run(case: Case) -> dict:
        return run_case(pipe, SCHEDULERS[case.scheduler](base_config), arrays, image, masks, settings, case)

    for scheduler in SCHEDULERS:
        for guidance in GUIDANCES:
            for name, task, prompt, negative, mask_kind in TASKS:
                cases.append(run(Case(f"{name}-{scheduler}-g{guidance:g}", task, prompt, negative, mask_kind, scheduler, guidance, latents)))
    # Starting noise drawn by the generator (seed 42): checks the engine draws in diffusers' order.
    cases.append(run(Case("object-ddim-g7.5-seeded", "object", "a red vase", "dog", "box", "ddim", 7.5, None)))

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
    }
    arrays.write(OUT, golden)
    print(f"{len(cases)} cases, {arrays.offset / 1e3:.0f} kB of arrays written to {OUT}")


if __name__ == "__main__":
    main()
