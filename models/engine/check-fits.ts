import { MAX_FILE_BYTES } from '../bundle/manifest.js';
import type { ComputeType } from '../graphs/bound-graph.js';
import type { ModelPackage } from '../package/model-package.js';
import type { BackendChoice } from '../runtime/choose-backend.js';
import { EngineError } from './errors.js';

/** wasm32's 4 GiB heap, less room for activations, the other models and the runtime itself. */
const WASM_WEIGHT_BUDGET = 3.2e9;

const WHAT_RUNS = 'Instant remove works here; the full model runs on WebGPU with shader-f16 (a current Chrome or Figma desktop on a GPU), from the command line (npm run powerpaint) or on a team server.';

/**
 * Refuses, before any session is created, a runtime the model cannot fit: onnxruntime-web's CPU kernels
 * widen fp16 weights to float32 inside the wasm heap (SD-1.5's UNet: 3.4 GB), and so does folding the
 * casts of a float32 graph on a GPU without shader-f16. An out-of-memory abort halfway through loading
 * would tell the person nothing.
 */
export function checkModelFits(model: ModelPackage, backend: BackendChoice, compute: ComputeType): void {
  const unet = model.unetWeights;
  // Native CPU has no 4 GiB heap; a server holds the weights in its own memory.
  if (!unet || backend.backend === 'native' || backend.backend === 'server') return;
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
  if (unet.bytes > MAX_FILE_BYTES) {
    throw new EngineError('does-not-fit', `${model.manifest.name} has only ${unet.precision} weights: its UNet file is ${gb(unet.bytes)}, over the 2 GB a browser can hold in one piece. Pick its fp16 variant (or a repo that has one). ${WHAT_RUNS}`);
  }
  const widened = unet.precision === 'fp16' && compute === 'float32' ? 2 * unet.bytes : unet.bytes;
  // The wasm backend holds every weight in its heap; WebGPU only the ones it must fold from fp16 first.
  const inHeap = backend.backend === 'wasm' ? widened : widened === unet.bytes ? 0 : unet.bytes + widened;
  if (inHeap > WASM_WEIGHT_BUDGET) {
    const where = backend.backend === 'wasm' ? 'the CPU (wasm) runtime' : `this GPU (${backend.adapter ?? 'WebGPU'}), which lacks shader-f16, so its weights must be widened to float32 first`;
    throw new EngineError('does-not-fit', `${model.manifest.name} needs ${gb(inHeap)} of runtime memory on ${where}: over the 4 GB this runtime has. ${WHAT_RUNS}`);
  }
}
