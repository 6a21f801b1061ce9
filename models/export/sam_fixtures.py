"""A tiny random segment-anything model in the layout of the public SAM ONNX exports, and transformers' goldens.

Maintainers' tooling only (torch + transformers from requirements.txt); the TypeScript tests read what this writes:

    HF_HUB_OFFLINE=1 /tmp/golden-venv/bin/python models/export/sam_fixtures.py

1. Two tiny repos in the layout of Xenova/slimsam-77-uniform (the window's default select model), each with
   `config.json` and `preprocessor_config.json` as SamModel / SamProcessor save them, and two graphs:
   `onnx/vision_encoder.onnx`       pixel_values [B,3,S,S] -> image_embeddings [B,C,s,s], image_positional_embeddings [B,C,s,s]
   `onnx/prompt_encoder_mask_decoder.onnx`
                                    input_points [B,P,N,2] float32, input_labels [B,P,N] int64, (input_boxes [B,P,4]),
                                    image_embeddings, image_positional_embeddings -> iou_scores [B,P,3], pred_masks [B,P,3,4s,4s]
   test/fixtures/hub-repos/tiny-sam/slimsam-points: the decoder of the published main revision (points only: with
   no box, SamPromptEncoder appends its padding point inside the graph);
   test/fixtures/hub-repos/tiny-sam/slimsam-points-and-boxes: a decoder that also takes `input_boxes` [B,nb,4],
   whose box count and point count are dynamic: zero boxes ([1,0,4]) is the points-only prompt (the caller then adds
   SamPromptEncoder's padding point, label -1, itself), zero points ([1,1,0,2]) the box-only one; both give exactly
   SamPromptEncoder's tokens (checked below against torch for every case).
2. test/fixtures/sam-golden/golden.json + golden.bin + image.png: SamProcessor + SamModel (torch) on a 200x150
   picture (and SamProcessor's pixel_values for image-small.png, 90x61, enlarged) for point sets and boxes: pixel_values, the image embeddings, iou_scores, the low-resolution logits
   (pred_masks) and processor.post_process_masks at the picture's size, thresholded at 0.

The model is SamModel with a tiny config (image_size 128, 8x8 embeddings, 16 channels) and random weights drawn
here (SamModel's own init leaves the vision tower near zero, which would make every mask alike). Preprocessing
keeps the real semantics: longest side to `size.longest_edge`, rescale, normalize, pad to `pad_size`.
"""
from __future__ import annotations

import pathlib
import platform
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from PIL import Image  # noqa: E402
from transformers import SamConfig, SamModel, SamProcessor
from transformers.models.sam.image_processing_pil_sam import SamImageProcessorPil  # noqa: E402
from transformers.models.sam.configuration_sam import SamMaskDecoderConfig, SamPromptEncoderConfig, SamVisionConfig  # noqa: E402

from golden.inpaint_cases import SOURCE_IMAGE, Arrays  # noqa: E402
from ppexport.onnx_models import ModelExport, export_onnx  # noqa: E402

ROOT = HERE.parent.parent
REPOS = ROOT / "test" / "fixtures" / "hub-repos" / "tiny-sam"
OUT = ROOT / "test" / "fixtures" / "sam-golden"
SEED = 1515
IMAGE_SIZE = 128
PICTURE = (200, 150)  # width, height: not square, so padding and the coordinate scale are exercised
SMALL_PICTURE = (90, 61)
# (name, points [[x, y], ...] in picture pixels, labels, box [x0, y0, x1, y1] or None)
CASES = (
    ("point", [[120, 70]], [1], None),
    ("point-corner", [[20, 130]], [1], None),
    ("points-pos-neg", [[120, 70], [60, 40]], [1, 0], None),
    ("points-three", [[150, 100], [40, 120], [100, 20]], [1, 1, 0], None),
    ("box", [], [], [30, 20, 170, 120]),
    ("box-small", [], [], [100, 60, 140, 110]),
    ("box-and-point", [[120, 70]], [0], [30, 20, 170, 120]),
)


def tiny_config() -> SamConfig:
    channels = 16
    return SamConfig(
        vision_config=SamVisionConfig(
            hidden_size=32, output_channels=channels, num_hidden_layers=2, num_attention_heads=2, image_size=IMAGE_SIZE,
            patch_size=16, window_size=4, global_attn_indexes=[1], num_pos_feats=channels // 2, mlp_dim=64,
        ),
        prompt_encoder_config=SamPromptEncoderConfig(hidden_size=channels, image_size=IMAGE_SIZE, patch_size=16, mask_input_channels=4),
        mask_decoder_config=SamMaskDecoderConfig(hidden_size=channels, mlp_dim=32, num_attention_heads=2, iou_head_hidden_dim=16),
    )


def random_model() -> SamModel:
    torch.manual_seed(SEED)
    model = SamModel(tiny_config()).eval()
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name.endswith("bias") or param.dim() == 1:
                param.uniform_(-0.1, 0.1)
                if "layer_norm" in name or "norm" in name.split(".")[-2]:
                    param.add_(1.0 if name.endswith("weight") else 0.0)
            else:
                fan_in = param[0].numel() if param.dim() > 1 else param.numel()
                param.normal_(0.0, 1.0 / max(1, fan_in) ** 0.5)
    return model


def processor() -> SamProcessor:
    # transformers 5 picks its PIL backend without torchvision (this venv has none): PIL's antialiased bilinear resize.
    return SamProcessor(
        image_processor=SamImageProcessorPil(size={"longest_edge": IMAGE_SIZE}, pad_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE})
    )


class VisionEncoder(torch.nn.Module):
    """What transformers.js calls `get_image_embeddings`: the embeddings and the image-wide positional ones."""

    def __init__(self, model: SamModel):
        super().__init__()
        self.model = model

    def forward(self, pixel_values: torch.Tensor):
        embeddings = self.model.vision_encoder(pixel_values)[0]
        positional = self.model.get_image_wide_positional_embeddings().repeat(pixel_values.shape[0], 1, 1, 1)
        return embeddings, positional


class Decoder(torch.nn.Module):
    def __init__(self, model: SamModel, boxes: bool):
        super().__init__()
        self.model = model
        self.boxes = boxes

    def forward(self, input_points, input_labels, *rest):
        if self.boxes:
            input_boxes, image_embeddings, image_positional_embeddings = rest
            encoder = self.model.prompt_encoder
            # SamPromptEncoder with a box: the points (no padding point) then the box's two corner tokens. Its
            # corners are laid out [B, boxes, 2, C] and joined on the token axis, which ties the box count to the
            # point batch; as one token row [B, 1, 2*boxes, C] the same tokens let zero boxes mean "no box".
            points = encoder._embed_points(input_points, input_labels, pad=False)
            corners = encoder._embed_boxes(input_boxes).reshape(input_boxes.shape[0], 1, -1, points.shape[-1])
            sparse = torch.cat([points, corners], dim=2)
            dense = encoder.no_mask_embed.weight.reshape(1, -1, 1, 1).expand(
                input_boxes.shape[0], -1, encoder.image_embedding_size[0], encoder.image_embedding_size[1])
        else:
            image_embeddings, image_positional_embeddings = rest
            sparse, dense = self.model.prompt_encoder(input_points, input_labels, None, None)
        masks, scores = self.model.mask_decoder(image_embeddings, image_positional_embeddings, sparse, dense, multimask_output=True)
        return scores, masks


def export_repo(model: SamModel, name: str, boxes: bool) -> pathlib.Path:
    folder = REPOS / name
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "onnx").mkdir(parents=True)
    model.config.save_pretrained(folder)
    processor().image_processor.save_pretrained(folder)
    side = IMAGE_SIZE // 16
    channels = model.config.prompt_encoder_config.hidden_size
    pixel_values = torch.randn(1, 3, IMAGE_SIZE, IMAGE_SIZE)
    vision = ModelExport(
        folder="vision_encoder", module=VisionEncoder(model), inputs={"pixel_values": pixel_values},
        outputs=["image_embeddings", "image_positional_embeddings"],
        dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeddings": {0: "batch_size"}, "image_positional_embeddings": {0: "batch_size"}},
    )
    embeddings = torch.randn(1, channels, side, side)
    inputs = {"input_points": torch.rand(1, 1, 2, 2) * IMAGE_SIZE, "input_labels": torch.tensor([[[1, 0]]], dtype=torch.int64)}
    if boxes:
        inputs["input_boxes"] = torch.tensor([[[10.0, 20.0, 90.0, 100.0]]])
    inputs.update({"image_embeddings": embeddings, "image_positional_embeddings": model.get_image_wide_positional_embeddings()})
    axes = {
        "input_points": {0: "batch_size", 1: "point_batch_size", 2: "num_points"},
        "input_labels": {0: "batch_size", 1: "point_batch_size", 2: "num_points"},
        "image_embeddings": {0: "batch_size"},
        "image_positional_embeddings": {0: "batch_size"},
        "iou_scores": {0: "batch_size", 1: "point_batch_size"},
        "pred_masks": {0: "batch_size", 1: "point_batch_size"},
    }
    if boxes:
        axes["input_boxes"] = {0: "batch_size", 1: "num_boxes"}
    decoder = ModelExport(folder="prompt_encoder_mask_decoder", module=Decoder(model, boxes), inputs=inputs, outputs=["iou_scores", "pred_masks"], dynamic_axes=axes)
    for spec in (vision, decoder):
        onnx.save_model(export_onnx(spec), str(folder / "onnx" / f"{spec.folder}.onnx"))
    return folder


def run_onnx(path: pathlib.Path, feeds: dict) -> list[np.ndarray]:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    # SamProcessor gives float64 coordinates; the graphs (and the public exports) take float32.
    arrays = {k: (v.numpy() if isinstance(v, torch.Tensor) else v) for k, v in feeds.items()}
    return session.run(None, {k: (v.astype(np.float32) if v.dtype == np.float64 else v) for k, v in arrays.items()})


def check_exports(model: SamModel, points_repo: pathlib.Path, boxes_repo: pathlib.Path, goldens: list[dict]) -> None:
    """The graphs against torch on every case; the points-and-boxes decoder with its zero-length prompts."""
    for case in goldens:
        embeddings, positional = run_onnx(points_repo / "onnx" / "vision_encoder.onnx", {"pixel_values": case["pixel_values"]})
        assert np.abs(embeddings - case["image_embeddings"].numpy()).max() < 1e-4
        points = case["input_points"] if case["input_points"] is not None else torch.zeros(1, 1, 0, 2)
        labels = case["input_labels"] if case["input_labels"] is not None else torch.zeros(1, 1, 0, dtype=torch.int64)
        boxes = case["input_boxes"]
        if boxes is None:
            scores, masks = run_onnx(points_repo / "onnx" / "prompt_encoder_mask_decoder.onnx", {
                "input_points": points, "input_labels": labels.to(torch.int64), "image_embeddings": embeddings, "image_positional_embeddings": positional})
            assert np.abs(masks - case["pred_masks"].numpy()).max() < 1e-3, case["name"]
            # The same prompt through the points-and-boxes graph: no box, the padding point given by the caller.
            points = torch.cat([points, torch.zeros(1, 1, 1, 2)], dim=2)
            labels = torch.cat([labels.to(torch.int64), -torch.ones(1, 1, 1, dtype=torch.int64)], dim=2)
            boxes = torch.zeros(1, 0, 4)
        scores, masks = run_onnx(boxes_repo / "onnx" / "prompt_encoder_mask_decoder.onnx", {
            "input_points": points, "input_labels": labels.to(torch.int64), "input_boxes": boxes,
            "image_embeddings": embeddings, "image_positional_embeddings": positional})
        assert np.abs(masks - case["pred_masks"].numpy()).max() < 1e-3, case["name"]
        assert np.abs(scores - case["iou_scores"].numpy()).max() < 1e-4, case["name"]


def picture() -> Image.Image:
    source = Image.open(SOURCE_IMAGE).convert("RGB")
    return source.crop((60, 10, 460, 310)).resize(PICTURE, Image.LANCZOS)


def golden_cases(model: SamModel, image: Image.Image) -> list[dict]:
    proc = processor()
    cases = []
    for name, points, labels, box in CASES:
        kwargs = {}
        if points:
            kwargs.update(input_points=[[points]], input_labels=[[labels]])
        if box:
            kwargs.update(input_boxes=[[box]])
        inputs = proc(images=image, return_tensors="pt", **kwargs)
        with torch.no_grad():
            embeddings = model.get_image_embeddings(inputs["pixel_values"])
            out = model(image_embeddings=embeddings, input_points=inputs.get("input_points"), input_labels=inputs.get("input_labels"),
                        input_boxes=inputs.get("input_boxes"), multimask_output=True)
        masks = proc.image_processor.post_process_masks(out.pred_masks, inputs["original_sizes"], inputs["reshaped_input_sizes"])[0]
        cases.append({
            "name": name, "points": points, "labels": labels, "box": box,
            "pixel_values": inputs["pixel_values"], "image_embeddings": embeddings,
            "input_points": inputs.get("input_points"), "input_labels": inputs.get("input_labels"), "input_boxes": inputs.get("input_boxes"),
            "iou_scores": out.iou_scores, "pred_masks": out.pred_masks, "masks": masks,
            "reshaped": [int(v) for v in inputs["reshaped_input_sizes"][0]],
        })
    return cases


def write_goldens(cases: list[dict], image: Image.Image) -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    image.save(OUT / "image.png")
    arrays = Arrays()
    arrays.add("pixel_values", cases[0]["pixel_values"])
    # A picture smaller than the model's side is enlarged (Pillow's bilinear without widening): its pixel_values too.
    small = image.resize(SMALL_PICTURE, Image.LANCZOS)
    small.save(OUT / "image-small.png")
    arrays.add("pixel_values_small", processor()(images=small, return_tensors="pt")["pixel_values"])
    arrays.add("image_embeddings", cases[0]["image_embeddings"])
    entries = []
    for case in cases:
        masks = case["masks"][0].numpy().astype(np.uint8)  # [3, H, W], 1 = selected
        coverage = masks.mean(axis=(1, 2))
        assert ((coverage > 0.05) & (coverage < 0.95)).any(), f"{case['name']}: every mask is nearly empty or full ({coverage})"
        entry = {"name": case["name"], "points": case["points"], "labels": case["labels"], "box": case["box"],
                 "coverage": [round(float(c), 4) for c in coverage],
                 "iouScores": arrays.add(f"{case['name']}.iou_scores", case["iou_scores"].float()),
                 "predMasks": arrays.add(f"{case['name']}.pred_masks", case["pred_masks"].float()),
                 "masks": arrays.add(f"{case['name']}.masks", masks)}
        for key in ("input_points", "input_boxes"):
            if case[key] is not None:
                entry[key] = case[key].flatten().tolist()
        entries.append(entry)
    golden = {
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": onnxruntime.__version__, "python": platform.python_version()},
        "image": "image.png", "picture": {"width": PICTURE[0], "height": PICTURE[1]}, "reshaped": cases[0]["reshaped"], "imageSize": IMAGE_SIZE,
        "repos": {"points": "tiny-sam/slimsam-points", "pointsAndBoxes": "tiny-sam/slimsam-points-and-boxes"},
        "cases": entries,
    }
    arrays.write(OUT, golden)


def main() -> None:
    model = random_model()
    image = picture()
    cases = golden_cases(model, image)
    points_repo = export_repo(model, "slimsam-points", boxes=False)
    boxes_repo = export_repo(model, "slimsam-points-and-boxes", boxes=True)
    check_exports(model, points_repo, boxes_repo, cases)
    write_goldens(cases, image)
    for case in cases:
        print(f"{case['name']:>16}: scores {np.round(case['iou_scores'].numpy().reshape(-1), 3)}, coverage {np.round(case['masks'][0].float().mean(dim=(1, 2)).numpy(), 3)}")
    sizes = sum(p.stat().st_size for p in [*REPOS.rglob("*"), *OUT.rglob("*")] if p.is_file())
    print(f"fixtures: {sizes / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
