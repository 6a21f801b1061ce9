"""SD-1.5 inpainting UNet (9 input channels, random weights) on a CUDA GPU with torch: ms per denoising
step at 512 px (64x64 latents) for batch 1 and batch 2 (classifier-free guidance), fp16 and fp32, set
against the compute floor (0.80 TFLOP per batch-1 step). The reference point a GPU runtime can reach,
for comparing our WebGPU numbers with. Needs torch with CUDA and diffusers (no network: install wheels
from a folder with `pip install --no-index --find-links DIR diffusers`).

    python3 bench/gpu/torch_unet_floor.py [--steps 20]
"""
import argparse
import json
import time

import torch
from diffusers import UNet2DConditionModel

FLOP_PER_STEP = 0.8034e12  # batch 1, 64x64 latents: counted by bench/bundles/sd-models.ts at real widths

SD15_INPAINT_UNET = dict(
    sample_size=64, in_channels=9, out_channels=4, layers_per_block=2,
    block_out_channels=(320, 640, 1280, 1280), cross_attention_dim=768, attention_head_dim=8,
    down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
    up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
)


def time_steps(unet, batch, dtype, steps):
    device = "cuda"
    sample = torch.randn(batch, 9, 64, 64, device=device, dtype=dtype)
    text = torch.randn(batch, 77, 768, device=device, dtype=dtype)
    with torch.inference_mode():
        for t in range(3):  # warm-up: kernels, allocator
            unet(sample, 999 - t, encoder_hidden_states=text)
        torch.cuda.synchronize()
        start = time.perf_counter()
        for t in range(steps):
            unet(sample, 999 - t, encoder_hidden_states=text)
        torch.cuda.synchronize()
    ms = (time.perf_counter() - start) * 1000 / steps
    return {"batch": batch, "dtype": str(dtype).replace("torch.", ""), "ms_per_step": round(ms, 2),
            "tflops_achieved": round(batch * FLOP_PER_STEP / (ms / 1000) / 1e12, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    torch.manual_seed(0)
    unet = UNet2DConditionModel(**SD15_INPAINT_UNET).cuda().eval()
    params = sum(p.numel() for p in unet.parameters())
    print(f"GPU: {torch.cuda.get_device_name()}  torch {torch.__version__}  UNet parameters: {params:,}")
    results = []
    for dtype in (torch.float16, torch.float32):
        unet = unet.to(dtype)
        for batch in (1, 2):
            r = time_steps(unet, batch, dtype, args.steps)
            results.append(r)
            print(f"{r['dtype']:8s} batch {batch}: {r['ms_per_step']:8.2f} ms/step  {r['tflops_achieved']:6.1f} TFLOP/s achieved")
    print(json.dumps({"gpu": torch.cuda.get_device_name(), "parameters": params, "results": results}))


if __name__ == "__main__":
    main()
