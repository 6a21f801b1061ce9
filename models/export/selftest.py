"""The export tool's own check, on tiny pipelines (a minute on a laptop CPU, nothing downloaded).

    python models/export/selftest.py [WORK_DIR]

1. Builds the tiny PowerPaint pipeline and a plain SD-1.5-style one (tiny_pipeline.py).
2. Fakes PowerPaint v1's official release files from the tiny PowerPaint pipeline (UNet state dict; text
   encoder with its embedding wrapped as EmbeddingLayerWithFixes saves it), converts them over the plain
   base with convert_powerpaint_v1.py and checks the result equals the tiny PowerPaint pipeline
   (tokenizer ids, text encoder, UNet).
3. Exports bundles: fp32 PowerPaint, fp16 PowerPaint (UNet and text encoder in fp16), fp32 with external
   data (one file, and split into several), plain sd15-inpainting; export_bundle.py itself checks each
   model against torch in onnxruntime.
Then check the bundles with the engine:
    for b in WORK_DIR/bundle-*; do BUNDLE_DIR=$b npx vitest run test/golden/bundle-runs.test.ts; done
"""
from __future__ import annotations

import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import torch  # noqa: E402
from diffusers import StableDiffusionInpaintPipeline  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import convert_powerpaint_v1  # noqa: E402
import export_bundle  # noqa: E402
import tiny_pipeline  # noqa: E402


def fake_official_release(pipe: StableDiffusionInpaintPipeline, folder: pathlib.Path) -> None:
    (folder / "unet").mkdir(parents=True)
    (folder / "text_encoder").mkdir(parents=True)
    save_file({k: v.contiguous() for k, v in pipe.unet.state_dict().items()}, folder / "unet" / "unet.safetensors")
    # As PowerPaint saved it with transformers 4: every key under "text_model.".
    prefix = convert_powerpaint_v1.PREFIX
    state = {prefix + k.removeprefix(prefix): v.contiguous() for k, v in pipe.text_encoder.state_dict().items()}
    table = state.pop(convert_powerpaint_v1.TABLE)
    vocab = pipe.tokenizer.get_vocab()
    first = min(vocab[f"{name}_0"] for name in convert_powerpaint_v1.PLACEHOLDERS)
    state[convert_powerpaint_v1.WRAPPED] = table[:first].clone()
    for name in convert_powerpaint_v1.PLACEHOLDERS:
        ids = [vocab[f"{name}_{i}"] for i in range(convert_powerpaint_v1.VECTORS)]
        state[convert_powerpaint_v1.TRAINABLE + name] = table[ids].clone()
    save_file(state, folder / "text_encoder" / "text_encoder.safetensors")


def same_weights(a: torch.nn.Module, b: torch.nn.Module, what: str) -> None:
    sa, sb = a.state_dict(), b.state_dict()
    keys = {k for k in sa if not k.endswith("position_ids")}
    assert keys == {k for k in sb if not k.endswith("position_ids")}, f"{what}: different keys"
    for k in keys:
        assert torch.equal(sa[k], sb[k]), f"{what}: {k} differs"


def main() -> None:
    work = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(tempfile.mkdtemp(prefix="ppexport-"))
    work.mkdir(parents=True, exist_ok=True)
    powerpaint = tiny_pipeline.build_pipeline()
    powerpaint.save_pretrained(work / "tiny-powerpaint")
    plain = tiny_pipeline.build_pipeline(task_tokens=False)
    plain.save_pretrained(work / "tiny-plain")

    fake_official_release(powerpaint, work / "official-release")
    convert_powerpaint_v1.main(["--base", str(work / "tiny-plain"), "--powerpaint", str(work / "official-release"), str(work / "converted")])
    converted = StableDiffusionInpaintPipeline.from_pretrained(work / "converted", safety_checker=None, requires_safety_checker=False)
    assert converted.tokenizer.get_vocab() == powerpaint.tokenizer.get_vocab(), "converted tokenizer differs"
    same_weights(converted.text_encoder, powerpaint.text_encoder, "text encoder")
    same_weights(converted.unet, powerpaint.unet, "UNet")
    print("convert_powerpaint_v1: the official-format files convert back to the same pipeline")

    runs = {
        "bundle-fp32": ["tiny-powerpaint", "--require-task-tokens"],
        "bundle-fp16": ["converted", "--fp16", "--require-task-tokens"],
        "bundle-external": ["tiny-powerpaint", "--external-data", "always"],
        # Data files split at 300 kB, as the real fp32 UNet's 3.4 GB are split at 2 GB.
        "bundle-split": ["tiny-powerpaint", "--external-data", "always", "--external-data-file-bytes", "300000"],
        "bundle-plain": ["tiny-plain"],
    }
    for out, (source, *flags) in runs.items():
        manifest = export_bundle.export_bundle(export_bundle.parse_args([str(work / source), str(work / out), "--overwrite", *flags]))
        expected = "sd15-inpainting" if source == "tiny-plain" else "powerpaint-v1"
        assert manifest["family"] == expected, (out, manifest["family"])
    print(f"selftest passed; bundles in {work}/bundle-*")


if __name__ == "__main__":
    main()
