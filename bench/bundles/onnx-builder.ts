/**
 * An ONNX graph builder for the benchmark models (IR 8, opset 17), a sibling of test/bundle/onnx-graph.ts
 * with what SD-sized models need on top:
 * - a compute type: fp32, or fp16 inside the graph with float32 inputs and outputs (as our bundles are);
 * - weights inline, or in one external-data file (`model.onnx_data`): protobuf stops at 2 GB;
 * - a running count of parameters and of multiply-accumulates per batch item at the design size, so a
 *   generated UNet states its own compute floor.
 * Weights are seeded uniform (variance 1/fan-in): same config, same bytes.
 */
import onnxProto from 'onnx-proto';
import { GraphCore } from '../../models/graphs/graph-core.js';
import { attr, rawBytes, valueInfo, type Attr, type Dim, type ElemType } from '../../models/graphs/onnx-proto.js';
import { mulberry32, seedFromName } from '../../test/bundle/prng.js';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

export type ComputeType = 'float32' | 'float16';
export { attr, type Attr, type Dim };

export interface BuiltModel {
  model: Uint8Array;
  /** Chunks of `model.onnx_data`, in order; empty when every weight is inline. */
  externalData: Uint8Array[];
  params: number;
  /** Multiply-accumulates per batch item at the design size (2 FLOP each). */
  macs: number;
}

export const EXTERNAL_DATA_FILE = 'model.onnx_data';

export class OnnxBuilder extends GraphCore {
  private readonly external: Uint8Array[] = [];
  private externalBytes = 0;
  params = 0;
  macs = 0;

  constructor(
    name: string,
    readonly compute: ComputeType,
    private readonly externalData: boolean,
    /** Count parameters and MACs only: no weights are drawn (for the full-size models' numbers). */
    private readonly countOnly = false,
  ) {
    super(name);
  }

  /** A graph input; float32 inputs are cast to the compute type, the cast's output returned. */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    if (type === 'float32' && this.compute === 'float16') return this.op('Cast', [name], { to: attr.int(DT.FLOAT16) });
    return name;
  }

  /** A float32 graph output named `name`, from a compute-type value. */
  output(name: string, from: string, dims: readonly Dim[]): void {
    if (this.compute === 'float16') this.op('Cast', [from], { to: attr.int(DT.FLOAT) }, name);
    else this.op('Identity', [from], {}, name);
    this.outputs.push(valueInfo(name, 'float32', dims));
  }

  /** A trained-weight stand-in: uniform in ±sqrt(3/fanIn), counted as parameters. */
  weight(name: string, dims: readonly number[], fanIn: number): string {
    const size = dims.reduce((a, b) => a * b, 1);
    this.params += size;
    if (this.countOnly) return name;
    const next = mulberry32(seedFromName(`${this.name}.${name}`));
    const scale = Math.sqrt(3 / fanIn);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (next() * 2 - 1) * scale;
    return this.tensor(name, dims, data, true);
  }

  /** A parameter initialised to a constant (norm gains 1, biases 0), counted as a parameter. */
  filled(name: string, dims: readonly number[], value: number): string {
    const size = dims.reduce((a, b) => a * b, 1);
    this.params += size;
    if (this.countOnly) return name;
    return this.tensor(name, dims, new Float32Array(size).fill(value), size > 1024);
  }

  /** A constant of the compute type, not a parameter. */
  constant(name: string, dims: readonly number[], data: Float32Array): string {
    return this.tensor(name, dims, data, false);
  }

  scalar(value: number): string {
    return this.constant(`scalar_${this.count++}`, [], new Float32Array([value]));
  }

  /** A float32 constant whatever the compute type (e.g. Resize scales). */
  float32s(values: readonly number[]): string {
    const name = `floats_${this.count++}`;
    this.initializers.push({ name, dims: [values.length], dataType: DT.FLOAT, rawData: rawBytes(Float32Array.from(values)) });
    return name;
  }

  build(): BuiltModel {
    return { model: this.encode('powerpaint-bench'), externalData: this.external, params: this.params, macs: this.macs };
  }

  private tensor(name: string, dims: readonly number[], data: Float32Array, large: boolean): string {
    const raw = this.compute === 'float16' ? rawBytes(toHalf(data)) : rawBytes(data);
    const dataType = this.compute === 'float16' ? DT.FLOAT16 : DT.FLOAT;
    if (this.externalData && large && raw.length >= 1024) {
      // ORT maps external data with offsets aligned to 4 KiB where it can; align to be safe.
      const pad = (4096 - (this.externalBytes % 4096)) % 4096;
      if (pad > 0) this.external.push(new Uint8Array(pad));
      const offset = this.externalBytes + pad;
      this.external.push(raw);
      this.externalBytes = offset + raw.length;
      this.initializers.push({
        name,
        dims: [...dims],
        dataType,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: EXTERNAL_DATA_FILE },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(raw.length) },
        ],
      });
    } else {
      this.initializers.push({ name, dims: [...dims], dataType, rawData: raw });
    }
    return name;
  }
}

/** float32 -> IEEE half, round to nearest even (weights stay well inside half's range). */
export function toHalf(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = bits[i]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rest = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rest > mid || (rest === mid && (half & 1))) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++;
    out[i] = sign | half;
  }
  return out;
}
