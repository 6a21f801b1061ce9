"""Runs each exported model in onnxruntime (CPU) beside its torch module and reports the largest difference.

An export that does not reproduce its module within tolerance is not written as a good bundle: the
exporter exits non-zero. fp32 graphs match to float32 summation-order noise; fp16 graphs are checked
for finiteness and a loose relative error (fp16 has ~3 significant digits).
"""
from __future__ import annotations

import pathlib

import numpy as np
import onnxruntime as ort
import torch

from .onnx_models import ModelExport


def check_io(session: ort.InferenceSession, path: pathlib.Path) -> None:
    for value in [*session.get_inputs(), *session.get_outputs()]:
        if value.type == "tensor(float16)":
            raise AssertionError(f"{path}: {value.name} is float16; bundle models take and give float32")


def compare(spec: ModelExport, model_path: pathlib.Path, fp16: bool) -> dict:
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    check_io(session, model_path)
    feeds = {}
    for value in session.get_inputs():
        tensor = spec.inputs[value.name]
        if value.type == "tensor(int32)":
            tensor = tensor.to(torch.int32)
        feeds[value.name] = tensor.numpy()
    (actual,) = session.run(spec.outputs, feeds)
    with torch.no_grad():
        expected = spec.module(*spec.inputs.values()).numpy()
    diff = float(np.max(np.abs(actual - expected)))
    scale = float(np.max(np.abs(expected))) or 1.0
    relative = diff / scale
    limit = 2e-2 if fp16 else 1e-4
    ok = bool(np.all(np.isfinite(actual))) and relative <= limit
    return {"model": spec.folder, "max_abs_diff": diff, "relative": relative, "limit": limit, "ok": ok}
