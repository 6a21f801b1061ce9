"""Golden values for models/schedulers and models/random, computed with diffusers and torch (CPU).

Maintainers' tooling only: the TypeScript tests read the JSON this writes and never need Python.
    python -m venv /tmp/golden-venv && /tmp/golden-venv/bin/pip install -r models/export/requirements-golden.txt
    /tmp/golden-venv/bin/python models/export/golden/schedulers.py
Writes test/fixtures/schedulers/{randn,schedules,loops}.json. Floats are written as the shortest decimal
that reads back to the same float32, so tests compare after Math.fround.
"""
import json
import pathlib

import diffusers
import numpy as np
import torch
from diffusers import (
    DDIMScheduler,
    DPMSolverMultistepScheduler,
    EulerAncestralDiscreteScheduler,
    LCMScheduler,
    UniPCMultistepScheduler,
)

OUT = pathlib.Path(__file__).resolve().parents[3] / "test" / "fixtures" / "schedulers"

# runwayml SD-1.5 (inpainting) scheduler_config.json as shipped: a PNDM config that pipelines convert.
SD15 = {
    "_class_name": "PNDMScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "trained_betas": None,
}
CLASSES = {
    "DDIMScheduler": DDIMScheduler,
    "DPMSolverMultistepScheduler": DPMSolverMultistepScheduler,
    "EulerAncestralDiscreteScheduler": EulerAncestralDiscreteScheduler,
    "UniPCMultistepScheduler": UniPCMultistepScheduler,
    "LCMScheduler": LCMScheduler,
}


def f32(values):
    """Shortest decimals that round-trip through float32: small files, exact after Math.fround."""
    arr = np.asarray(values, dtype=np.float32).reshape(-1)
    return [float(np.format_float_positional(v, unique=True, trim="-")) for v in arr]


def ints(values):
    return [int(v) for v in np.asarray(values).reshape(-1)]


def make(class_name, overrides):
    """As a pipeline does: `XScheduler.from_config(base_config, **overrides)`."""
    return CLASSES[class_name].from_config({**SD15, **overrides})


def randn_cases():
    cases = []
    for seed in (0, 42, 1234, 2**32 - 1):
        for size in (1, 7, 16, 17, 100, 4 * 64 * 64):
            torch.manual_seed(seed)
            values = torch.randn(size).numpy()
            if size <= 100:
                cases.append({"seed": seed, "size": size, "values": f32(values)})
            else:
                idx = sorted({*range(8), *range(size - 24, size), 1000, 4095, 9999})
                cases.append({"seed": seed, "size": size, "indices": idx, "values": f32(values[idx])})
    # Successive calls continue the stream (and the cached second Box-Muller value of the < 16 path).
    gen = torch.Generator().manual_seed(7)
    sizes = [7, 17, 1, 3, 16, 5]
    stream = [f32(torch.randn(n, generator=gen).numpy()) for n in sizes]
    mt = np.random.MT19937()
    mt._legacy_seeding(1234)  # numpy's legacy seeding is mt19937 init_genrand, as torch.manual_seed uses
    return {
        "torch": torch.__version__,
        "cases": cases,
        "stream": {"seed": 7, "sizes": sizes, "values": stream},
        "mt19937": {"seed": 1234, "first": [int(v) for v in mt.random_raw(8)]},
    }


def schedules():
    out = {"alphas_cumprod": {}, "timesteps": []}
    for schedule in ("linear", "scaled_linear", "squaredcos_cap_v2"):
        over = {"beta_schedule": schedule}
        if schedule == "linear":
            over.update(beta_start=0.0001, beta_end=0.02)
        ac = make("DDIMScheduler", over).alphas_cumprod.numpy()
        out["alphas_cumprod"][schedule] = {"config": over, "values": f32(ac)}
    plans = [
        ("DDIMScheduler", {}, [45, 50, 7]),
        ("DDIMScheduler", {"timestep_spacing": "trailing"}, [45, 7, 3]),
        ("DDIMScheduler", {"timestep_spacing": "linspace"}, [45, 7]),
        ("DPMSolverMultistepScheduler", {}, [20, 25]),
        ("DPMSolverMultistepScheduler", {"timestep_spacing": "leading"}, [20, 7]),
        ("DPMSolverMultistepScheduler", {"timestep_spacing": "trailing"}, [20, 7]),
        ("DPMSolverMultistepScheduler", {"use_karras_sigmas": True}, [20, 25, 5]),
        ("DPMSolverMultistepScheduler", {"use_karras_sigmas": True, "beta_schedule": "squaredcos_cap_v2"}, [12]),
        ("DPMSolverMultistepScheduler", {"lambda_min_clipped": -5.1, "final_sigmas_type": "sigma_min"}, [20]),
        ("EulerAncestralDiscreteScheduler", {}, [20, 30]),
        ("EulerAncestralDiscreteScheduler", {"timestep_spacing": "leading"}, [20]),
        ("EulerAncestralDiscreteScheduler", {"timestep_spacing": "trailing"}, [20, 7]),
        ("UniPCMultistepScheduler", {}, [20, 9]),
        ("UniPCMultistepScheduler", {"timestep_spacing": "leading"}, [20]),
        ("UniPCMultistepScheduler", {"timestep_spacing": "trailing"}, [20]),
        ("UniPCMultistepScheduler", {"use_karras_sigmas": True}, [20]),
        ("UniPCMultistepScheduler", {"use_karras_sigmas": True, "final_sigmas_type": "sigma_min"}, [10]),
        ("LCMScheduler", {}, [4, 8, 1]),
        ("LCMScheduler", {"original_inference_steps": 100}, [6]),
    ]
    for class_name, over, step_counts in plans:
        for n in step_counts:
            s = make(class_name, over)
            s.set_timesteps(n)
            entry = {
                "class": class_name,
                "config": over,
                "steps": n,
                "timesteps": f32(s.timesteps.numpy()),
                "init_noise_sigma": f32([float(s.init_noise_sigma)])[0],
            }
            if hasattr(s, "sigmas"):
                entry["sigmas"] = f32(s.sigmas.numpy())
            out["timesteps"].append(entry)
    return out


def dummy_model(sample, t):
    """Deterministic stand-in for the UNet: depends on the sample and the timestep."""
    return 0.1 * sample + 0.01 * float(t) / 1000


def loops():
    plans = [
        ("ddim", "DDIMScheduler", {}, 45),
        ("ddim-v-trailing", "DDIMScheduler", {"prediction_type": "v_prediction", "timestep_spacing": "trailing"}, 10),
        ("ddim-cosine-linspace", "DDIMScheduler", {"beta_schedule": "squaredcos_cap_v2", "timestep_spacing": "linspace", "set_alpha_to_one": True}, 12),
        ("ddim-sample-clip", "DDIMScheduler", {"prediction_type": "sample", "clip_sample": True, "clip_sample_range": 0.5}, 8),
        ("dpmpp-2m", "DPMSolverMultistepScheduler", {}, 20),
        ("dpmpp-2m-karras", "DPMSolverMultistepScheduler", {"use_karras_sigmas": True}, 20),
        ("dpmpp-2m-short", "DPMSolverMultistepScheduler", {"timestep_spacing": "leading"}, 8),
        ("dpmpp-2m-v-heun", "DPMSolverMultistepScheduler", {"prediction_type": "v_prediction", "solver_type": "heun", "timestep_spacing": "trailing"}, 16),
        ("dpmpp-1-sigma-min", "DPMSolverMultistepScheduler", {"solver_order": 1, "final_sigmas_type": "sigma_min", "lambda_min_clipped": -5.1}, 10),
        ("dpmpp-2m-euler-final", "DPMSolverMultistepScheduler", {"euler_at_final": True, "final_sigmas_type": "sigma_min", "lower_order_final": False}, 20),
        ("euler-a", "EulerAncestralDiscreteScheduler", {}, 20),
        ("euler-a-v-leading", "EulerAncestralDiscreteScheduler", {"prediction_type": "v_prediction", "timestep_spacing": "leading"}, 15),
        ("unipc", "UniPCMultistepScheduler", {}, 20),
        ("unipc-3-karras", "UniPCMultistepScheduler", {"solver_order": 3, "use_karras_sigmas": True}, 12),
        # bh1 and predict_x0=False give NaN at a final sigma of 0 in diffusers itself, hence sigma_min.
        ("unipc-bh1-v", "UniPCMultistepScheduler", {"solver_type": "bh1", "prediction_type": "v_prediction", "disable_corrector": [0, 3], "final_sigmas_type": "sigma_min"}, 10),
        ("unipc-noise-pred", "UniPCMultistepScheduler", {"predict_x0": False, "timestep_spacing": "trailing", "final_sigmas_type": "sigma_min"}, 10),
        ("lcm", "LCMScheduler", {}, 4),
        ("lcm-v", "LCMScheduler", {"prediction_type": "v_prediction", "set_alpha_to_one": True}, 6),
    ]
    out = []
    for name, class_name, over, steps in plans:
        s = make(class_name, over)
        s.set_timesteps(steps)
        gen = torch.Generator().manual_seed(1234)
        latents = torch.randn((1, 4, 4, 4), generator=gen) * s.init_noise_sigma
        first = None
        for t in s.timesteps:
            model_input = s.scale_model_input(latents, t)
            kwargs = {"generator": gen} if class_name in ("EulerAncestralDiscreteScheduler", "LCMScheduler") else {}
            latents = s.step(dummy_model(model_input, t), t, latents, **kwargs).prev_sample
            if first is None:
                first = latents.clone()
        out.append({
            "name": name,
            "class": class_name,
            "config": over,
            "steps": steps,
            "seed": 1234,
            "shape": [1, 4, 4, 4],
            "after_first_step": f32(first.numpy()),
            "final": f32(latents.numpy()),
        })
    return out


def add_noise():
    out = []
    x = torch.linspace(-1, 1, 16).reshape(1, 1, 4, 4)
    noise = torch.randn((1, 1, 4, 4), generator=torch.Generator().manual_seed(3))
    for class_name, over, steps, index in [
        ("DDIMScheduler", {}, 45, 5),
        ("LCMScheduler", {}, 4, 1),
        ("EulerAncestralDiscreteScheduler", {}, 20, 3),
        ("DPMSolverMultistepScheduler", {}, 20, 4),
        ("UniPCMultistepScheduler", {"use_karras_sigmas": True}, 20, 2),
    ]:
        s = make(class_name, over)
        s.set_timesteps(steps)
        t = s.timesteps[index : index + 1]
        out.append({
            "class": class_name,
            "config": over,
            "steps": steps,
            "timestep": f32(t.numpy())[0],
            "values": f32(s.add_noise(x, noise, t).numpy()),
        })
    return {"original": f32(x.numpy()), "noise": f32(noise.numpy()), "cases": out}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"torch": torch.__version__, "diffusers": diffusers.__version__, "numpy": np.__version__}
    files = {
        "randn.json": randn_cases(),
        "schedules.json": {"versions": meta, "base_config": SD15, **schedules()},
        "loops.json": {
            "versions": meta,
            "base_config": SD15,
            "model": "eps = 0.1 * scale_model_input(latents, t) + 0.01 * t / 1000 (float32 tensor ops)",
            "loops": loops(),
            "add_noise": add_noise(),
        },
    }
    for name, data in files.items():
        (OUT / name).write_text(json.dumps(data, separators=(",", ":"), allow_nan=False) + "\n")
        print(name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
