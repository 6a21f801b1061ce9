/**
 * ONNX protobuf primitives over `onnx-proto` (IR 8, opset 17): value infos, typed attributes, nodes, model
 * encoding. The builders (graph-core.ts and what extends it) are made of these.
 *
 * Two traps this guards against (see DESIGN's runtime facts):
 * - JS cannot tell 1.0 from 1, so every attribute carries an explicit type (`attr.float`, `attr.int`, ...).
 * - protobufjs writes the whole underlying ArrayBuffer of a view; `rawData` gets an exact-length copy.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS (`module.exports = $root`): Node's ESM loader only offers the default export.
const { onnx } = onnxProto;

export type Dim = number | string;
export type ElemType = 'float32' | 'float16' | 'int32' | 'int64';

const ELEM_TYPE: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

const A = onnx.AttributeProto.AttributeType;
export type Attr =
  | { type: typeof A.FLOAT; f: number }
  | { type: typeof A.INT; i: number }
  | { type: typeof A.INTS; ints: number[] }
  | { type: typeof A.STRING; s: Uint8Array };

export const attr = {
  float: (f: number): Attr => ({ type: A.FLOAT, f }),
  int: (i: number): Attr => ({ type: A.INT, i }),
  ints: (ints: number[]): Attr => ({ type: A.INTS, ints }),
  string: (s: string): Attr => ({ type: A.STRING, s: new TextEncoder().encode(s) }),
};

/** An exact-length copy of a view's bytes (protobufjs would write the whole underlying buffer). */
export function rawBytes(data: Float32Array | Uint16Array | Int32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

export function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function nodeProto(name: string, opType: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, Attr>): Onnx.INodeProto {
  return { name, opType, input: [...inputs], output: [...outputs], attribute: Object.entries(attrs).map(([key, a]) => ({ name: key, ...a })) };
}

/** An IR 8, opset 17 model around `graph`. */
export function encodeModel(graph: Onnx.IGraphProto, producerName: string): Uint8Array {
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName, graph }).finish();
}
