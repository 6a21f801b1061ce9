"""Tokenizer, task tokens and powerpaint.json for a bundle (schema: models/bundle/manifest.ts)."""
from __future__ import annotations

import hashlib
import json
import pathlib

TASK_TOKEN_NAMES = ("P_obj", "P_ctxt", "P_shape")
SUB_TOKENS = 10
MANIFEST = "powerpaint.json"


class ExportError(Exception):
    """A checkpoint this tool cannot turn into a bundle; the message says why and what to do."""


def task_sub_tokens() -> dict[str, list[str]]:
    return {name: [f"{name}_{i}" for i in range(SUB_TOKENS)] for name in TASK_TOKEN_NAMES}


def find_task_tokens(tokenizer, text_encoder) -> dict[str, list[str]] | None:
    """PowerPaint's 30 sub-tokens and their ids if the checkpoint has them; None for plain SD-1.5 inpainting."""
    vocab = tokenizer.get_vocab()
    wanted = task_sub_tokens()
    present = [t for tokens in wanted.values() for t in tokens if t in vocab]
    if not present:
        return None
    if len(present) != SUB_TOKENS * len(TASK_TOKEN_NAMES):
        missing = [t for tokens in wanted.values() for t in tokens if t not in vocab]
        raise ExportError(f"the tokenizer has some PowerPaint task tokens but not {', '.join(missing[:5])}...; re-create it with all 30")
    rows = text_encoder.get_input_embeddings().weight.shape[0]
    too_high = [t for t in present if vocab[t] >= rows]
    if too_high:
        raise ExportError(
            f"the text encoder's embedding table has {rows} rows but {too_high[0]} has id {vocab[too_high[0]]}: "
            "the trained task-token rows are missing (load PowerPaint's text encoder weights, see models/export/README.md)"
        )
    # The check that matters for the engine: each sub-token encodes to itself, alone, after normalization.
    for token in present:
        ids = tokenizer(token, add_special_tokens=False).input_ids
        if ids != [vocab[token]]:
            raise ExportError(f"the tokenizer splits task token {token} into {ids}; it must be one added token")
    return wanted


def sha256_file(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_json(path: pathlib.Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2) + "\n")


def write_manifest(out: pathlib.Path, fields: dict) -> dict:
    """powerpaint.json with every other file of the bundle listed with its size and sha256."""
    files = []
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST):
        rel = path.relative_to(out).as_posix()
        files.append({"path": rel, "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    manifest = {**fields, "files": files}
    write_json(out / MANIFEST, manifest)
    return manifest
