import { EngineError } from '../engine/errors.js';
import type { WeightFile } from '../graphs/weight-index.js';
import type { SafetensorsHeader, TensorEntry } from '../safetensors/safetensors-header.js';
import { readFloats, writeFloats } from './float-bits.js';
import { readLoraLayers, type LoraFile, type LoraFormat, type LoraLayer } from './lora-layers.js';

/** The UNet's weights file as the package read it: its bytes, header and name in the repo. */
export interface UnetWeights {
  path: string;
  bytes: Uint8Array;
  header: SafetensorsHeader;
}

/**
 * The fused tensors, as one more weight file the UNet's WeightIndex lists after the original: its keys
 * override the original's, the untouched weights keep pointing into the file as downloaded.
 */
export interface FusedLora {
  file: WeightFile;
  data: Uint8Array;
  format: LoraFormat;
  /** The UNet state-dict keys whose values were replaced. */
  keys: string[];
  /** Wall time of reading and fusing, for the load's report. */
  ms: number;
}

/**
 * diffusers' `fuse_lora(lora_scale=scale)` done once at load: for each adapted Linear or Conv2d (1×1 or k×k),
 * W' = W + scale · factor · up @ down, with up [out, r(, 1, 1)] and down [r, in(, kh, kw)] flattened to
 * matrices. Computed in float32 or wider (fp16/bf16 inputs widened; each row's product summed in float64)
 * and stored in the UNet weight's own dtype. diffusers adds a delta already rounded to the weight's dtype,
 * so on fp16 weights the two can differ by one fp16 rounding.
 */
export function fuseLora(unet: UnetWeights, lora: LoraFile, scale: number): FusedLora {
  const started = performance.now();
  if (!Number.isFinite(scale)) throw new EngineError('bad-input', `The LoRA scale must be a number (e.g. 1 or 0.8), not ${scale}.`);
  const modules = new Set([...unet.header.tensors.keys()].filter((k) => k.endsWith('.weight')).map((k) => k.slice(0, -'.weight'.length)));
  const { layers, format } = readLoraLayers(lora, modules);
  const fused: { key: string; dtype: TensorEntry['dtype']; shape: number[]; bytes: Uint8Array }[] = [];
  for (const layer of layers) {
    const key = `${layer.module}.weight`;
    const entry = unet.header.tensors.get(key)!;
    const weight = readFloats(unet.bytes, entry, `${unet.path} ${key}`);
    addProduct(weight, entry.shape, layer, lora, scale);
    fused.push({ key, dtype: entry.dtype, shape: entry.shape, bytes: writeFloats(weight, entry.dtype) });
  }
  const data = new Uint8Array(fused.reduce((n, t) => n + t.bytes.length, 0));
  const tensors = new Map<string, TensorEntry>();
  let offset = 0;
  for (const t of fused) {
    data.set(t.bytes, offset);
    tensors.set(t.key, { dtype: t.dtype, shape: t.shape, offset, length: t.bytes.length });
    offset += t.bytes.length;
  }
  const location = `${unet.path.slice(unet.path.lastIndexOf('/') + 1)}.lora-fused`;
  return {
    file: { location, path: `${unet.path} fused with ${lora.label}`, header: { dataStart: 0, tensors, metadata: {} } },
    data,
    format,
    keys: fused.map((t) => t.key),
    ms: performance.now() - started,
  };
}

/** weight += scale · factor · up @ down, in place, after checking the shapes belong together. */
function addProduct(weight: Float32Array, shape: readonly number[], layer: LoraLayer, lora: LoraFile, scale: number): void {
  const { down, up } = layer;
  const rank = down.entry.shape[0]!;
  const rows = shape[0]!;
  const cols = weight.length / rows;
  const upCols = up.entry.shape.slice(1).reduce((a, b) => a * b, 1);
  const downShape = down.entry.shape.slice(1);
  const fits =
    up.entry.shape[0] === rows &&
    upCols === rank &&
    downShape.reduce((a, b) => a * b, 1) === cols &&
    (downShape.length === 1 || downShape.join() === shape.slice(1).join());
  if (!fits) {
    throw new EngineError(
      'bad-input',
      `${lora.label} cannot be fused: ${up.key} [${up.entry.shape.join(', ')}] @ ${down.key} [${down.entry.shape.join(', ')}] does not make the shape of ${layer.module}.weight [${shape.join(', ')}]. The LoRA was made for another model.`,
    );
  }
  const u = readFloats(lora.bytes, up.entry, `${lora.label} ${up.key}`);
  const d = readFloats(lora.bytes, down.entry, `${lora.label} ${down.key}`);
  const factor = scale * layer.factor;
  // Four output rows at a time: each row of `down` is read once per four rows, the sums stay in cache.
  const block = 4;
  const sums = Array.from({ length: block }, () => new Float64Array(cols));
  for (let first = 0; first < rows; first += block) {
    const count = Math.min(block, rows - first);
    for (const sum of sums) sum.fill(0);
    const [s0, s1, s2, s3] = sums as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let k = 0; k < rank; k++) {
      const at = (row: number) => (row < count ? u[(first + row) * rank + k]! : 0);
      const a0 = at(0), a1 = at(1), a2 = at(2), a3 = at(3);
      const start = k * cols;
      for (let j = 0; j < cols; j++) {
        const x = d[start + j]!;
        s0[j]! += a0 * x;
        s1[j]! += a1 * x;
        s2[j]! += a2 * x;
        s3[j]! += a3 * x;
      }
    }
    for (let row = 0; row < count; row++) {
      const sum = sums[row]!;
      const offset = (first + row) * cols;
      for (let j = 0; j < cols; j++) weight[offset + j] = weight[offset + j]! + factor * sum[j]!;
    }
  }
}
