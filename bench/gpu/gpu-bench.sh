#!/usr/bin/env bash
# GPU benchmark, one command: bash bench/gpu/gpu-bench.sh [OUT_DIR]   (run from the repository root)
#
# 1. Writes SD-1.5-shaped bundles (random weights; fp16 2.1 GB and fp32 4.3 GB with external data, ~25 s each).
#    Needs Node >= 18 and either node_modules (esbuild, onnx-proto) or the prebuilt generator
#    bench/gpu/prebuilt/make-sd15-bundle.mjs (make it with: npm run bench:gpu:prepare, i.e. node bench/gpu/prepare.mjs; ~0.3 MB, no deps).
# 2. Times the UNet step (batch 2, 64x64 latents) against the compute floor (0.8034 TFLOP per batch-1 step)
#    with whatever runtime this machine has, each checked first and skipped with the reason when missing:
#    a. Python onnxruntime-gpu (CUDA EP): the models alone, I/O bound on the GPU   -> bench/gpu/ort_gpu_unet.py
#    b. Chromium + WebGPU on the GPU (Vulkan) + node_modules: our pipeline itself   -> bench/gpu/webgpu-pipeline.ts
#    c. Node + Dawn (webgpu npm package) on the GPU (Vulkan): our pipeline itself, fp16 and fp32, and WebGPU
#       against wasm  -> bench/gpu/webgpu-node.ts (from node_modules, or bench/gpu/prebuilt/webgpu-node/)
#    Nothing is downloaded. If neither runtime is here, it stops after step 1 and says what to install.
set -u -o pipefail
OUT="${1:-${OUT:-/tmp/powerpaint-gpu-bench}}"
STEPS="${STEPS:-20}"
mkdir -p "$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT/gpu-bench.log"; }
: > "$OUT/gpu-bench.log"

say "== prerequisites =="
if command -v nvidia-smi >/dev/null; then say "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader)"; else say "nvidia-smi: missing (no NVIDIA driver?)"; fi
NODE_OK=0
if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then NODE_OK=1; say "node: $(node --version)"; else say "node >= 18: missing"; fi
HAVE_MODULES=0; [ -d node_modules/esbuild ] && [ -d node_modules/onnx-proto ] && HAVE_MODULES=1
HAVE_WEB=0; [ -d node_modules/onnxruntime-web/dist ] && [ -d node_modules/playwright-core ] && HAVE_WEB=1
say "node_modules: generator deps $([ $HAVE_MODULES = 1 ] && echo yes || echo no), onnxruntime-web + playwright-core $([ $HAVE_WEB = 1 ] && echo yes || echo no)"
PY_ORT=0
if command -v python3 >/dev/null; then
  PY_PROVIDERS=$(python3 -c 'import onnxruntime as o, numpy; print(o.__version__, o.get_available_providers())' 2>&1 | tail -1)
  say "python3 onnxruntime: $PY_PROVIDERS"
  case "$PY_PROVIDERS" in *CUDAExecutionProvider*) PY_ORT=1 ;; esac
else say "python3: missing"; fi
CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
say "chromium: ${CHROMIUM:-missing}"

say "== 1. SD-1.5-shaped bundles in $OUT =="
if [ -f "$OUT/bundles.json" ] && [ -f "$OUT/sd15-shapes-fp16/powerpaint.json" ]; then
  say "already there (delete $OUT/bundles.json to rebuild)"
elif [ $NODE_OK = 1 ] && [ $HAVE_MODULES = 1 ]; then
  node bench/run.mjs bench/gpu/make-sd15-bundle.ts --out "$OUT" 2>&1 | tee -a "$OUT/gpu-bench.log" || { say "FAILED to write the bundles"; exit 1; }
elif [ $NODE_OK = 1 ] && [ -f bench/gpu/prebuilt/make-sd15-bundle.mjs ]; then
  node --max-old-space-size=16384 bench/gpu/prebuilt/make-sd15-bundle.mjs --out "$OUT" 2>&1 | tee -a "$OUT/gpu-bench.log" || { say "FAILED to write the bundles"; exit 1; }
else
  say "CANNOT write the bundles: needs Node >= 18 plus node_modules (npm ci) or bench/gpu/prebuilt/make-sd15-bundle.mjs (npm run bench:gpu:prepare on a machine with node_modules, then copy it here)."
  exit 1
fi

RAN=0
say "== 2a. UNet on the GPU with onnxruntime (CUDA EP), $STEPS steps =="
if [ $PY_ORT = 1 ]; then
  python3 bench/gpu/ort_gpu_unet.py "$OUT" "$STEPS" 2>&1 | tee -a "$OUT/gpu-bench.log" && RAN=1
else
  say "skipped: python3 with onnxruntime-gpu (CUDAExecutionProvider) and numpy is not installed here (pip install onnxruntime-gpu numpy, which needs the package index or a wheel)."
fi
say "== 2b. our pipeline in Chromium on WebGPU (fp16 bundle) =="
if [ $NODE_OK = 1 ] && [ $HAVE_WEB = 1 ] && [ $HAVE_MODULES = 1 ] && [ -n "$CHROMIUM" ]; then
  CHROMIUM_PATH="$CHROMIUM" timeout 900 node bench/run.mjs bench/gpu/webgpu-pipeline.ts --bundle "$OUT/sd15-shapes-fp16" --steps "$STEPS" 2>&1 | tee -a "$OUT/gpu-bench.log" && RAN=1
else
  say "skipped: needs node_modules with onnxruntime-web, playwright-core and esbuild (~150 MB, more than a 64 MiB carry) and a Chromium with Vulkan."
fi
say "== 2c. our pipeline in Node on WebGPU (Dawn), fp16 and fp32 bundles =="
WEBGPU_NODE=""
if [ -d node_modules/webgpu ] && [ $HAVE_MODULES = 1 ]; then WEBGPU_NODE="node bench/gpu/webgpu-node.mjs";
elif [ -f bench/gpu/prebuilt/webgpu-node/webgpu-node.mjs ]; then WEBGPU_NODE="node bench/gpu/prebuilt/webgpu-node/webgpu-node.mjs"; fi
if [ $NODE_OK = 1 ] && [ -n "$WEBGPU_NODE" ]; then
  # fp32's 3.4 GB UNet is one session: the wasm32 heap limit (4 GB) applies on WebGPU too, so it may be refused.
  timeout 1800 $WEBGPU_NODE --steps "$STEPS" --bundle "$OUT/sd15-shapes-fp16" --bundle "$OUT/sd15-shapes-fp32" 2>&1 | tee -a "$OUT/gpu-bench.log" && RAN=1
else
  say "skipped: needs node_modules with the webgpu package, or bench/gpu/prebuilt/webgpu-node/ (npm run bench:gpu:prepare)."
fi
if [ $RAN = 0 ]; then
  say "NO GPU RUNTIME RAN. The bundles are in $OUT; to time them install onnxruntime-gpu for python3, or bring node_modules and Chromium, and run this again."
  exit 3
fi
say "done: $OUT/gpu-bench.log$([ $PY_ORT = 1 ] && echo ", $OUT/gpu-result.json")"
