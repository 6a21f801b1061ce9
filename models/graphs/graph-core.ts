import type { onnx as Onnx } from 'onnx-proto';
import onnxProto from 'onnx-proto';
import { encodeModel, nodeProto, rawBytes, type Attr } from './onnx-proto.js';

const { onnx } = onnxProto;

/** What every graph builder here shares: the node list, int64 constants, and naming each value once. */
export class GraphCore {
  protected readonly nodes: Onnx.INodeProto[] = [];
  protected readonly initializers: Onnx.ITensorProto[] = [];
  protected readonly inputs: Onnx.IValueInfoProto[] = [];
  protected readonly outputs: Onnx.IValueInfoProto[] = [];
  protected count = 0;

  constructor(protected readonly name: string) {}

  int64s(values: readonly number[]): string {
    const name = `ints_${this.count++}`;
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: rawBytes(BigInt64Array.from(values, (v) => BigInt(v))) });
    return name;
  }

  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outputName)[0]!;
  }

  /** Several outputs (e.g. Split). Value names never collide with state-dict keys: keys contain dots, these do not. */
  opN(opType: string, inputs: readonly string[], outputs: number, attrs: Record<string, Attr> = {}, singleName?: string): string[] {
    const stem = `${opType.toLowerCase()}_${this.count}`;
    const names = outputs === 1 ? [singleName ?? stem] : Array.from({ length: outputs }, (_, i) => `${stem}_${i}`);
    this.nodes.push(nodeProto(`${opType}_${this.count++}`, opType, inputs, names, attrs));
    return names;
  }

  protected encode(producer: string): Uint8Array {
    return encodeModel({ name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs }, producer);
  }
}
