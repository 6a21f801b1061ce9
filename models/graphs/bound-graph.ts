/**
 * An ONNX graph whose parameters are a checkpoint's own tensors, named by their state-dict keys and
 * stored as external data that points into the `.safetensors` file as published: nothing is converted
 * or copied when the graph is built, and onnxruntime reads each weight from the file's bytes.
 *
 * `compute` is the precision the graph calculates in. Weights stored in another precision get a Cast
 * (onnxruntime folds it once, at session creation); the numerically fragile steps (normalisations,
 * softmax, the timestep embedding) run in float32 whatever `compute` is, as diffusers' fp16 pipelines
 * upcast them too. Inputs and outputs are float32 either way.
 */
import onnxProto from 'onnx-proto';
import { EngineError } from '../engine/errors.js';
import type { SafetensorsDtype } from '../safetensors/safetensors-header.js';
import { GraphCore } from './graph-core.js';
import { attr, rawBytes, valueInfo, type Dim, type ElemType } from './onnx-proto.js';
import type { WeightIndex } from './weight-index.js';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

export type ComputeType = 'float32' | 'float16';

const STORED_TYPE: Partial<Record<SafetensorsDtype, number>> = { F32: DT.FLOAT, F16: DT.FLOAT16, BF16: DT.BFLOAT16 };
const STORED_COMPUTE: Partial<Record<SafetensorsDtype, ComputeType>> = { F32: 'float32', F16: 'float16' };
const COMPUTE_TYPE: Record<ComputeType, number> = { float32: DT.FLOAT, float16: DT.FLOAT16 };

export interface Param {
  value: string;
  shape: readonly number[];
}

export interface BuiltGraph {
  model: Uint8Array;
  /** The weight files the graph's external data names, by the location string it uses. */
  weightFiles: string[];
}

export class BoundGraph extends GraphCore {
  private readonly params = new Map<string, string>();
  private readonly locations = new Set<string>();

  constructor(
    name: string,
    readonly compute: ComputeType,
    readonly weights: WeightIndex,
  ) {
    super(name);
  }

  /** A graph input; a float32 one arrives in the compute type. */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return type === 'float32' ? this.toCompute(name) : name;
  }

  /** A float32 graph output from a compute-type (or float32) value. */
  output(name: string, from: string, dims: readonly Dim[]): void {
    this.op(this.compute === 'float16' ? 'Cast' : 'Identity', [from], this.compute === 'float16' ? { to: attr.int(DT.FLOAT) } : {}, name);
    this.outputs.push(valueInfo(name, 'float32', dims));
  }

  /**
   * The checkpoint tensor `key` in the compute type (or `as`), checked against `rank`. Each tensor becomes
   * one initializer, however often it is used.
   */
  param(key: string, rank: number, as: ComputeType = this.compute): Param {
    const found = this.weights.get(key);
    if (!found) throw this.weights.missing(key);
    const { entry, location, key: storedKey } = found;
    if (entry.shape.length !== rank) {
      throw new EngineError('bundle-mismatch', `${this.weights.describe(key)} has shape [${entry.shape.join(', ')}]; the config implies a ${rank}-d tensor. The files and the config.json do not belong together.`);
    }
    let stored = this.params.get(storedKey);
    if (!stored) {
      const dataType = STORED_TYPE[entry.dtype];
      if (dataType === undefined) throw new EngineError('bundle-mismatch', `${this.weights.describe(key)} is stored as ${entry.dtype}; only F32, F16 and BF16 weights can be used.`);
      stored = storedKey;
      this.initializers.push({
        name: storedKey,
        dims: entry.shape,
        dataType,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: location },
          { key: 'offset', value: String(entry.offset) },
          { key: 'length', value: String(entry.length) },
        ],
      });
      this.locations.add(location);
      this.params.set(storedKey, stored);
    }
    const value = STORED_COMPUTE[entry.dtype] === as ? stored : this.op('Cast', [stored], { to: attr.int(COMPUTE_TYPE[as]) });
    return { value, shape: entry.shape };
  }

  has(key: string): boolean {
    return this.weights.get(key) !== undefined;
  }

  /** A small constant of the compute type (or `as`). */
  constant(values: readonly number[], dims: readonly number[], as: ComputeType = this.compute): string {
    const name = `const_${this.count++}`;
    this.initializers.push({ name, dims: [...dims], dataType: DT.FLOAT, rawData: rawBytes(Float32Array.from(values)) });
    // An fp16 constant is a Cast in the graph, so fp16 rounding happens in one place: onnxruntime's.
    return as === 'float16' ? this.op('Cast', [name], { to: attr.int(DT.FLOAT16) }) : name;
  }

  scalar(value: number, as: ComputeType = this.compute): string {
    return this.constant([value], [], as);
  }

  toCompute(value: string): string {
    return this.compute === 'float32' ? value : this.op('Cast', [value], { to: attr.int(DT.FLOAT16) });
  }

  toFloat32(value: string): string {
    return this.compute === 'float32' ? value : this.op('Cast', [value], { to: attr.int(DT.FLOAT) });
  }

  build(): BuiltGraph {
    return { model: this.encode('powerpaint-figma'), weightFiles: [...this.locations] };
  }
}
