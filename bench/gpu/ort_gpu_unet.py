"""UNet per-step time on an NVIDIA GPU against SD-1.5's compute floor, with Python onnxruntime (CUDA EP).

Runs the bundles bench/gpu/make-sd15-bundle.ts writes: batch 2 (classifier-free guidance, as the app),
64x64 latents (512 px), inputs and outputs bound on the GPU (I/O binding), so the time is the model's.
Also times the text encoder (batch 2) and the VAE encoder/decoder at 512 px once each.
Usage: python3 ort_gpu_unet.py BUNDLES_DIR [steps]   (prints a table and writes BUNDLES_DIR/gpu-result.json)
"""
import json, os, subprocess, sys, time

UNET_TFLOP_BATCH1 = 0.8034  # counted from the generated graph; SD-1.5 UNet at 64x64 latents
# Dense peak TFLOP/s (fp16 tensor cores, fp32 without tensor cores / TF32 tensor cores), vendor data sheets.
PEAKS = {
    "H200": (989, 67, 495), "H100": (989, 67, 495), "A100": (312, 19.5, 156), "L40S": (362, 91.6, 183),
    "L4": (121, 30.3, 60), "A10": (125, 31.2, 62.5), "RTX 4090": (165, 82.6, 82.6), "T4": (65, 8.1, 8.1),
}

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError as e:
        sys.exit(f"needs numpy and onnxruntime-gpu ({e}); install them where a wheel is available: pip install onnxruntime-gpu numpy")
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        sys.exit(f"onnxruntime {ort.__version__} has no CUDAExecutionProvider (has {ort.get_available_providers()}): install onnxruntime-gpu")
    gpu = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"], capture_output=True, text=True).stdout.strip()
    peak = next((v for k, v in PEAKS.items() if k in gpu), None)
    result = {"gpu": gpu, "onnxruntime": ort.__version__, "steps": steps, "bundles": {}}
    print(f"GPU: {gpu}; onnxruntime {ort.__version__}")
    for precision in ("fp16", "fp32"):
        d = os.path.join(root, f"sd15-shapes-{precision}")
        if not os.path.isdir(d):
            continue
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        providers = [("CUDAExecutionProvider", {"device_id": 0, "cudnn_conv_algo_search": "EXHAUSTIVE"}), "CPUExecutionProvider"]
        t0 = time.perf_counter()
        unet = ort.InferenceSession(os.path.join(d, "unet/model.onnx"), opts, providers=providers)
        load_s = time.perf_counter() - t0
        rng = np.random.default_rng(0)
        feeds = {
            "sample": rng.standard_normal((2, 9, 64, 64), dtype=np.float32),
            "timestep": np.array([981, 981], dtype=np.int64),
            "encoder_hidden_states": rng.standard_normal((2, 77, 768), dtype=np.float32),
        }
        binding = unet.io_binding()
        for name, value in feeds.items():
            binding.bind_ortvalue_input(name, ort.OrtValue.ortvalue_from_numpy(value, "cuda", 0))
        binding.bind_output("out_sample", "cuda", 0)
        for _ in range(3):
            unet.run_with_iobinding(binding)
        times = []
        for _ in range(steps):
            binding.synchronize_inputs()
            t = time.perf_counter()
            unet.run_with_iobinding(binding)
            binding.synchronize_outputs()
            times.append((time.perf_counter() - t) * 1000)
        out = binding.copy_outputs_to_cpu()[0]
        step_ms = float(np.median(times))
        tflops = 2 * UNET_TFLOP_BATCH1 / (step_ms / 1000)
        row = {"load_s": round(load_s, 1), "step_ms_median": round(step_ms, 2), "step_ms_min": round(min(times), 2),
               "achieved_tflops": round(tflops, 1), "finite": bool(np.isfinite(out).all())}
        if peak:
            floor_tflops = peak[0] if precision == "fp16" else peak[2]
            row["floor_ms"] = round(2 * UNET_TFLOP_BATCH1 / floor_tflops * 1000, 2)
            row["of_peak"] = round(tflops / floor_tflops, 3)
        for name, path, shape, dtype in (("text_encoder_ms", "text_encoder/model.onnx", (2, 77), np.int32),
                                         ("vae_encoder_ms", "vae_encoder/model.onnx", (1, 3, 512, 512), np.float32),
                                         ("vae_decoder_ms", "vae_decoder/model.onnx", (1, 4, 64, 64), np.float32)):
            s = ort.InferenceSession(os.path.join(d, path), opts, providers=providers)
            x = np.zeros(shape, dtype=dtype) if dtype == np.int32 else rng.standard_normal(shape, dtype=np.float32)
            feed = {s.get_inputs()[0].name: x}
            s.run(None, feed)
            t = time.perf_counter(); s.run(None, feed); row[name] = round((time.perf_counter() - t) * 1000, 1)
        row["pipeline_estimate_ms"] = round(row["text_encoder_ms"] + row["vae_encoder_ms"] + steps * step_ms + row["vae_decoder_ms"], 0)
        result["bundles"][precision] = row
        print(f"{precision}: UNet batch 2 at 64x64: {step_ms:.1f} ms/step (min {min(times):.1f}), {tflops:.0f} TFLOP/s"
              + (f", floor {row['floor_ms']} ms at {floor_tflops} TFLOP/s peak ({100*row['of_peak']:.0f} % of peak)" if peak else "")
              + f"; text {row['text_encoder_ms']} ms, VAE enc {row['vae_encoder_ms']} ms, dec {row['vae_decoder_ms']} ms; "
              + f"{steps}-step run ~{row['pipeline_estimate_ms']:.0f} ms; finite: {row['finite']}")
    with open(os.path.join(root, "gpu-result.json"), "w") as f:
        json.dump(result, f, indent=1)

if __name__ == "__main__":
    main()
