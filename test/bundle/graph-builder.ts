import onnxProto from 'onnx-proto';
import { GraphCore } from '../../models/graphs/graph-core.js';
import { rawBytes, valueInfo, type Dim, type ElemType } from '../../models/graphs/onnx-proto.js';

const { onnx } = onnxProto;

/** A minimal builder for the hand-written tiny test models: named inputs, outputs and float constants. */
export class GraphBuilder extends GraphCore {
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output; `from` is renamed to `name` with an Identity node. */
  output(name: string, from: string, type: ElemType, dims: readonly Dim[]): void {
    this.op('Identity', [from], {}, name);
    this.outputs.push(valueInfo(name, type, dims));
  }

  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`${name}: ${data.length} values for dims [${dims.join(',')}]`);
    this.initializers.push({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: rawBytes(data) });
    return name;
  }

  scalar(name: string, value: number): string {
    return this.floats(name, [], new Float32Array([value]));
  }

  toBytes(): Uint8Array {
    return this.encode('powerpaint-tiny-bundle');
  }
}
