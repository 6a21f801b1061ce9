import { EngineError } from '../engine/errors.js';
import type { WeightFile } from '../graphs/weight-index.js';
import type { SafetensorsHeader, TensorEntry } from '../safetensors/safetensors-header.js';
import { readFloats, writeFloats } from './float-bits.js';
import { readLoraLayers, type LoraFile, type LoraFormat, type LoraLayer } from './lora-layers.js';
import type { LowRankAdder, StoredWeight } from './low-rank-add.js';

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
 * matrices. Computed in float32 (fp16/bf16 inputs widened) by `adder` and stored in the UNet weight's own
 * dtype. diffusers adds a delta already rounded to the weight's dtype, so on fp16 weights the two can differ
 * by one fp16 rounding.
 */
export async function fuseLora(unet: UnetWeights, lora: LoraFile, scale: number, adder: LowRankAdder): Promise<FusedLora> {
  const started = performance.now();
  if (!Number.isFinite(scale)) throw new EngineError('bad-input', `The LoRA scale must be a number (e.g. 1 or 0.8), not ${scale}.`);
  const modules = new Set([...unet.header.tensors.keys()].filter((k) => k.endsWith('.weight')).map((k) => k.slice(0, -'.weight'.length)));
  const { layers, format } = readLoraLayers(lora, modules);
  const fused: { key: string; dtype: TensorEntry['dtype']; shape: number[]; bytes: Uint8Array }[] = [];
  for (const layer of layers) {
    const key = `${layer.module}.weight`;
    const entry = unet.header.tensors.get(key)!;
    const weight = await addProduct(storedWeight(unet, entry, key), entry.shape, layer, lora, scale * layer.factor, adder);
    fused.push({ key, dtype: entry.dtype, shape: entry.shape, bytes: storedBytes(weight, entry.dtype) });
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

/** fp16 weights go to the adder as stored (it widens and rounds back); bf16 ones are widened here. */
function storedWeight(unet: UnetWeights, entry: TensorEntry, key: string): StoredWeight {
  if (entry.dtype === 'F16') return { type: 'float16', data: new Uint16Array(unet.bytes.slice(entry.offset, entry.offset + entry.length).buffer) };
  return { type: 'float32', data: readFloats(unet.bytes, entry, `${unet.path} ${key}`) };
}

function storedBytes(weight: StoredWeight, dtype: TensorEntry['dtype']): Uint8Array {
  if (weight.type === 'float16') return new Uint8Array(weight.data.buffer, weight.data.byteOffset, weight.data.byteLength);
  return writeFloats(weight.data, dtype);
}

/** weight + factor · up @ down, after checking the shapes belong together. */
async function addProduct(weight: StoredWeight, shape: readonly number[], layer: LoraLayer, lora: LoraFile, factor: number, adder: LowRankAdder): Promise<StoredWeight> {
  const { down, up } = layer;
  const rank = down.entry.shape[0]!;
  const rows = shape[0]!;
  const cols = weight.data.length / rows;
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
  return adder.add(weight, u, d, { rows, rank, cols }, factor);
}
