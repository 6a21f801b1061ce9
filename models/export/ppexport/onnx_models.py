"""The four ONNX models of a bundle, exported from diffusers/transformers modules with torch.onnx.export.

Names, dtypes and dynamic axes are Optimum's for Stable Diffusion (what the engine and DESIGN.md expect):

    text_encoder  input_ids int32 [batch, sequence]             -> last_hidden_state [batch, sequence, D]
    unet          sample [batch, 2C+1, h, w], timestep int64 [batch], encoder_hidden_states [batch, sequence, D]
                                                                -> out_sample [batch, C, h, w]
    vae_encoder   sample [batch, 3, H, W] in [-1, 1]            -> latent_sample [batch, 2C, h, w] (mean, logvar)
    vae_decoder   latent_sample [batch, C, h, w]                -> sample [batch, 3, H, W]

The VAE encoder gives the Gaussian's parameters rather than a sample (Optimum's `.sample()` would bake
an ONNX random op into the graph): the engine samples mean + exp(logvar / 2) * randn with the run's
torch-compatible generator, as diffusers' `latent_dist.sample(generator)` does. Nothing is scaled by
the VAE's scaling factor inside the graphs (the engine does that, as diffusers does).
"""
from __future__ import annotations

import pathlib
import tempfile
import warnings
from dataclasses import dataclass

import onnx
import torch

OPSET = 17


class TextEncoderOnnx(torch.nn.Module):
    def __init__(self, text_encoder: torch.nn.Module):
        super().__init__()
        self.text_encoder = text_encoder

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        # No attention mask: SD-1.5 pads with EOS and attends to everything (causal mask only).
        return self.text_encoder(input_ids.to(torch.int64), return_dict=False)[0]


class UnetOnnx(torch.nn.Module):
    def __init__(self, unet: torch.nn.Module):
        super().__init__()
        self.unet = unet

    def forward(self, sample: torch.Tensor, timestep: torch.Tensor, encoder_hidden_states: torch.Tensor) -> torch.Tensor:
        return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class VaeEncoderOnnx(torch.nn.Module):
    def __init__(self, vae: torch.nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, sample: torch.Tensor) -> torch.Tensor:
        return self.vae.encode(sample, return_dict=False)[0].parameters


class VaeDecoderOnnx(torch.nn.Module):
    def __init__(self, vae: torch.nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample: torch.Tensor) -> torch.Tensor:
        return self.vae.decode(latent_sample, return_dict=False)[0]


@dataclass
class ModelExport:
    """One bundle model: the wrapper module, example inputs and the Optimum names/axes."""

    folder: str
    module: torch.nn.Module
    inputs: dict[str, torch.Tensor]
    outputs: list[str]
    dynamic_axes: dict[str, dict[int, str]]


def model_exports(text_encoder, unet, vae, sequence_length: int = 77) -> list[ModelExport]:
    hidden = text_encoder.config.hidden_size
    latent_channels = vae.config.latent_channels
    scale = 2 ** (len(vae.config.block_out_channels) - 1)
    # Example shapes: any valid size works, the axes are dynamic. Batch 2 (classifier-free guidance).
    h = w = 2 ** (len(unet.config.block_out_channels) - 1) * 4
    in_channels = unet.config.in_channels
    batch_axes = {0: "batch_size"}
    image_axes = {0: "batch_size", 2: "height", 3: "width"}
    latent_axes = {0: "batch_size", 2: "height_latent", 3: "width_latent"}
    ids = torch.full((2, sequence_length), text_encoder.config.eos_token_id, dtype=torch.int32)
    ids[:, 0] = text_encoder.config.bos_token_id
    return [
        ModelExport(
            "text_encoder",
            TextEncoderOnnx(text_encoder),
            {"input_ids": ids},
            ["last_hidden_state"],
            {"input_ids": {0: "batch_size", 1: "sequence_length"}, "last_hidden_state": {0: "batch_size", 1: "sequence_length"}},
        ),
        ModelExport(
            "unet",
            UnetOnnx(unet),
            {
                "sample": torch.randn(2, in_channels, h, w),
                "timestep": torch.tensor([981, 981], dtype=torch.int64),
                "encoder_hidden_states": torch.randn(2, sequence_length, hidden),
            },
            ["out_sample"],
            {"sample": latent_axes, "timestep": batch_axes, "encoder_hidden_states": {0: "batch_size", 1: "sequence_length"}, "out_sample": latent_axes},
        ),
        ModelExport(
            "vae_encoder",
            VaeEncoderOnnx(vae),
            {"sample": torch.rand(1, 3, h * scale, w * scale) * 2 - 1},
            ["latent_sample"],
            {"sample": image_axes, "latent_sample": latent_axes},
        ),
        ModelExport(
            "vae_decoder",
            VaeDecoderOnnx(vae),
            {"latent_sample": torch.randn(1, latent_channels, h, w)},
            ["sample"],
            {"latent_sample": latent_axes, "sample": image_axes},
        ),
    ]


def export_onnx(spec: ModelExport) -> onnx.ModelProto:
    """torch.onnx.export (TorchScript exporter, opset 17) into memory, external weights loaded back in."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "model.onnx"
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer warnings about Python control flow on shapes
            torch.onnx.export(
                spec.module.eval(),
                tuple(spec.inputs.values()),
                str(path),
                input_names=list(spec.inputs),
                output_names=spec.outputs,
                dynamic_axes=spec.dynamic_axes,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
        # Over 2 GB torch writes the weights beside the graph; load them so the bundle decides the layout.
        return onnx.load(str(path), load_external_data=True)


def tensor_bytes(model: onnx.ModelProto) -> int:
    """Bytes of weights in the graph (what decides whether the file would pass protobuf's 2 GB limit)."""
    total = 0
    for tensor in model.graph.initializer:
        total += len(tensor.raw_data) if tensor.HasField("raw_data") else onnx.numpy_helper.to_array(tensor).nbytes
    for node in model.graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.TENSOR:
                total += len(attr.t.raw_data)
    return total


def save_model(model: onnx.ModelProto, folder: pathlib.Path, external: bool, file_limit: int = 2_000_000_000) -> list[pathlib.Path]:
    """model.onnx, plus (when external) every weight over 1 KiB in model.onnx_data (Optimum's name), then
    model.onnx_data_1, _2 ... so that no file passes `file_limit` bytes (protobuf and browser ArrayBuffers
    stop at 2 GB; the fp32 SD-1.5 UNet has 3.4 GB of weights). The engine hands ORT every non-JSON file of
    a model's folder as external data, so any number of data files loads."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "model.onnx"
    for stale in [path, *folder.glob("model.onnx_data*")]:
        stale.unlink(missing_ok=True)
    if not external:
        onnx.save_model(model, str(path))
        return [path]
    files = ["model.onnx_data"]
    used = 0
    for tensor in model.graph.initializer:
        if not tensor.HasField("raw_data") or len(tensor.raw_data) < 1024:
            continue
        size = len(tensor.raw_data)
        if used > 0 and used + size > file_limit:
            files.append(f"model.onnx_data_{len(files)}")
            used = 0
        used += size
        onnx.external_data_helper.set_external_data(tensor, files[-1])
        tensor.data_location = onnx.TensorProto.EXTERNAL
    onnx.save_model(model, str(path))  # writes each external tensor's raw_data into its file
    written = [path, *(folder / name for name in files)]
    for file in written:
        file.chmod(0o644)  # onnx creates data files 0600; a web server must be able to read them
    return written
