"""Export a diffusers-format PowerPaint v1 (or any SD-1.5 inpainting) checkpoint as a PowerPaint for Figma bundle.

    python models/export/export_bundle.py CHECKPOINT_DIR OUT_DIR [--fp16] [--name NAME] [--version V]

CHECKPOINT_DIR is a diffusers pipeline folder (unet/, vae/, text_encoder/, tokenizer/, scheduler/).
With PowerPaint's 30 task sub-tokens (P_ctxt_0..9, P_shape_0..9, P_obj_0..9) in its tokenizer and their
trained rows in the text encoder, the bundle is family powerpaint-v1; without any, sd15-inpainting.
The bundle layout, the model names and the manifest are described in models/export/README.md.
Every exported model is run in onnxruntime beside its torch module before the manifest is written.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import torch  # noqa: E402
from diffusers import AutoencoderKL, UNet2DConditionModel  # noqa: E402
from transformers import AutoTokenizer, CLIPTextModel  # noqa: E402

from ppexport.bundle import ExportError, find_task_tokens, write_json, write_manifest  # noqa: E402
from ppexport.fp16 import convert_to_fp16  # noqa: E402
from ppexport.onnx_models import model_exports, export_onnx, save_model, tensor_bytes  # noqa: E402
from ppexport.verify import compare  # noqa: E402

# Files over this go to external data (protobuf and browser ArrayBuffers stop at 2 GB).
EXTERNAL_DATA_BYTES = 2_000_000_000

SD15_DDIM = {
    "_class_name": "DDIMScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "prediction_type": "epsilon",
    "set_alpha_to_one": False,
    "steps_offset": 1,
    "timestep_spacing": "leading",
    "trained_betas": None,
}


def load_checkpoint(checkpoint: pathlib.Path):
    for folder in ("unet", "vae", "text_encoder", "tokenizer"):
        if not (checkpoint / folder).is_dir():
            raise ExportError(f"{checkpoint} has no {folder}/ folder; pass a diffusers-format pipeline folder")
    unet = UNet2DConditionModel.from_pretrained(checkpoint, subfolder="unet").eval()
    vae = AutoencoderKL.from_pretrained(checkpoint, subfolder="vae").eval()
    text_encoder = CLIPTextModel.from_pretrained(checkpoint, subfolder="text_encoder").eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint / "tokenizer", use_fast=True)
    if unet.config.in_channels != 2 * vae.config.latent_channels + 1:
        raise ExportError(
            f"the UNet takes {unet.config.in_channels} channels; an inpainting UNet takes "
            f"{2 * vae.config.latent_channels + 1} (latents, mask, masked-image latents). Is this an inpainting checkpoint?"
        )
    return unet, vae, text_encoder, tokenizer


def export_bundle(args: argparse.Namespace) -> dict:
    checkpoint: pathlib.Path = args.checkpoint
    out: pathlib.Path = args.out
    unet, vae, text_encoder, tokenizer = load_checkpoint(checkpoint)
    task_tokens = find_task_tokens(tokenizer, text_encoder)
    family = "powerpaint-v1" if task_tokens else "sd15-inpainting"
    if args.require_task_tokens and not task_tokens:
        raise ExportError(f"{checkpoint} has no PowerPaint task tokens (P_obj_0 ...) in its tokenizer")

    if out.exists():
        if not args.overwrite:
            raise ExportError(f"{out} exists; pass --overwrite to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    report = []
    fp16_models = {"text_encoder", "unet"} | ({"vae_encoder", "vae_decoder"} if args.fp16_vae else set())
    for spec in model_exports(text_encoder, unet, vae):
        started = time.time()
        model = export_onnx(spec)
        weight_bytes = tensor_bytes(model)
        half = args.fp16 and spec.folder in fp16_models
        if half:
            model = convert_to_fp16(model, weight_bytes)
            weight_bytes = tensor_bytes(model)
        external = args.external_data == "always" or (args.external_data == "auto" and weight_bytes > EXTERNAL_DATA_BYTES)
        paths = save_model(model, out / spec.folder, external, args.external_data_file_bytes)
        del model
        result = compare(spec, paths[0], half) if args.verify else {"model": spec.folder, "ok": True}
        result.update(fp16=half, external_data=external, weight_bytes=weight_bytes, seconds=round(time.time() - started, 1))
        report.append(result)
        print(json.dumps(result), flush=True)

    tokenizer.save_pretrained(out / "tokenizer")
    scheduler_config = checkpoint / "scheduler" / "scheduler_config.json"
    if scheduler_config.is_file():
        (out / "scheduler").mkdir()
        shutil.copyfile(scheduler_config, out / "scheduler" / "scheduler_config.json")
    else:
        write_json(out / "scheduler" / "scheduler_config.json", SD15_DDIM)

    vae_scale = 2 ** (len(vae.config.block_out_channels) - 1)
    unet_scale = 2 ** (len(unet.config.block_out_channels) - 1)
    fields = {
        "family": family,
        "version": args.version,
        "name": args.name or ("PowerPaint v1" if task_tokens else "SD-1.5 inpainting"),
        "precision": "fp16" if args.fp16 else "fp32",
        "sampleSize": unet.config.sample_size,
        "vaeScaleFactor": vae_scale,
        "latentChannels": vae.config.latent_channels,
        "scalingFactor": vae.config.scaling_factor,
        "sizeMultiple": vae_scale * unet_scale,
        **({"taskTokens": task_tokens} if task_tokens else {}),
        "defaults": {"steps": args.steps, "guidance": args.guidance, "scheduler": args.scheduler},
        "source": {"checkpoint": checkpoint.name, "exporter": "models/export/export_bundle.py", "torch": torch.__version__},
    }
    manifest = write_manifest(out, fields)
    failed = [r["model"] for r in report if not r["ok"]]
    if failed:
        raise ExportError(f"onnxruntime does not reproduce torch for {', '.join(failed)} (see the lines above)")
    total = sum(f["bytes"] for f in manifest["files"])
    print(f"{family} bundle ({fields['precision']}, {total / 1e6:.1f} MB in {len(manifest['files'])} files) written to {out}")
    return manifest


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=pathlib.Path, help="diffusers-format pipeline folder")
    parser.add_argument("out", type=pathlib.Path, help="bundle folder to write")
    parser.add_argument("--fp16", action="store_true", help="fp16 weights in the UNet and text encoder (fragile ops stay fp32, IO stays fp32)")
    parser.add_argument("--fp16-vae", action="store_true", help="with --fp16, convert the VAE too (default: the VAE stays fp32; it is small)")
    parser.add_argument(
        "--external-data",
        choices=("auto", "always", "never"),
        default="auto",
        help="weights in model.onnx_data: auto = only for models over 2 GB (default)",
    )
    parser.add_argument("--external-data-file-bytes", type=int, default=EXTERNAL_DATA_BYTES, help=argparse.SUPPRESS)
    parser.add_argument("--name", default=None)
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--steps", type=int, default=45)
    parser.add_argument("--guidance", type=float, default=7.5)
    parser.add_argument("--scheduler", default="DDIMScheduler")
    parser.add_argument("--require-task-tokens", action="store_true", help="fail unless the checkpoint is PowerPaint")
    parser.add_argument("--no-verify", dest="verify", action="store_false", help="skip the onnxruntime-vs-torch check")
    parser.add_argument("--overwrite", action="store_true")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    try:
        export_bundle(parse_args(argv))
    except ExportError as error:
        print(f"export failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
