/**
 * The inputs, outputs and external-data files of an ONNX model, read straight from its protobuf
 * without decoding weights or starting a runtime: `bundle:check` compares them with what the engine
 * expects, in Node or a browser, in milliseconds even for a 1.7 GB UNet.
 *
 * Wire format only (onnx.proto3): ModelProto.graph = 7; GraphProto.initializer = 5, input = 11,
 * output = 12; ValueInfoProto.name = 1, type = 2; TypeProto.tensor_type = 1; Tensor.elem_type = 1,
 * shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2; TensorProto.name = 8,
 * external_data = 13 (StringStringEntryProto key = 1, value = 2), data_location = 14.
 */

export interface OnnxValue {
  name: string;
  /** 'float32', 'float16', 'int64', 'int32', … as onnxruntime-web names them; 'unknown' if not a tensor. */
  type: string;
  /** Sizes, symbolic names ('batch'), or '?' for a dim with neither. */
  shape: (number | string)[];
}

export interface OnnxIo {
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** `location`s of initializers stored outside the model file (relative to its folder). */
  externalData: string[];
}

const ELEM_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/** Throws (with what was wrong) when the bytes are not an ONNX model. */
export function readOnnxIo(bytes: Uint8Array): OnnxIo {
  let graph: Uint8Array | undefined;
  for (const field of fields(bytes)) if (field.number === 7 && field.bytes) graph = field.bytes;
  if (!graph) throw new Error('no graph in the file (not an ONNX model)');
  const inputs: OnnxValue[] = [];
  const outputs: OnnxValue[] = [];
  const initializers = new Set<string>();
  const externalData = new Set<string>();
  for (const field of fields(graph)) {
    if (!field.bytes) continue;
    if (field.number === 11) inputs.push(valueInfo(field.bytes));
    else if (field.number === 12) outputs.push(valueInfo(field.bytes));
    else if (field.number === 5) {
      const tensor = tensorHeader(field.bytes);
      initializers.add(tensor.name);
      if (tensor.location) externalData.add(tensor.location);
    }
  }
  // Older exports also list initializers as graph inputs; they are weights, not inputs to feed.
  return { inputs: inputs.filter((v) => !initializers.has(v.name)), outputs, externalData: [...externalData] };
}

function valueInfo(bytes: Uint8Array): OnnxValue {
  const value: OnnxValue = { name: '', type: 'unknown', shape: [] };
  for (const field of fields(bytes)) {
    if (field.number === 1 && field.bytes) value.name = text(field.bytes);
    if (field.number === 2 && field.bytes) {
      for (const typeField of fields(field.bytes)) {
        if (typeField.number !== 1 || !typeField.bytes) continue; // tensor_type only
        for (const tensorField of fields(typeField.bytes)) {
          if (tensorField.number === 1 && tensorField.varint !== undefined) value.type = ELEM_TYPES[tensorField.varint] ?? `onnx-type-${tensorField.varint}`;
          if (tensorField.number === 2 && tensorField.bytes) value.shape = shape(tensorField.bytes);
        }
      }
    }
  }
  return value;
}

function shape(bytes: Uint8Array): (number | string)[] {
  const dims: (number | string)[] = [];
  for (const field of fields(bytes)) {
    if (field.number !== 1 || !field.bytes) continue;
    let dim: number | string = '?';
    for (const dimField of fields(field.bytes)) {
      if (dimField.number === 1 && dimField.varint !== undefined) dim = dimField.varint;
      if (dimField.number === 2 && dimField.bytes) dim = text(dimField.bytes);
    }
    dims.push(dim);
  }
  return dims;
}

function tensorHeader(bytes: Uint8Array): { name: string; location?: string } {
  let name = '';
  let location: string | undefined;
  let external = false;
  for (const field of fields(bytes)) {
    if (field.number === 8 && field.bytes) name = text(field.bytes);
    if (field.number === 14 && field.varint === 1) external = true;
    if (field.number === 13 && field.bytes) {
      let key = '';
      let value = '';
      for (const entry of fields(field.bytes)) {
        if (entry.number === 1 && entry.bytes) key = text(entry.bytes);
        if (entry.number === 2 && entry.bytes) value = text(entry.bytes);
      }
      if (key === 'location') location = value;
    }
  }
  return external && location ? { name, location } : { name };
}

interface Field {
  number: number;
  varint?: number;
  bytes?: Uint8Array;
}

/** The top-level fields of one message; length-delimited payloads are views, never copies. */
function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.byteLength) throw new Error('truncated protobuf (not an ONNX model, or a damaged one)');
      const b = bytes[at++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 70) throw new Error('bad varint (not an ONNX model)');
    }
  };
  while (at < bytes.byteLength) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { number, varint: varint() };
    else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.byteLength) throw new Error('truncated protobuf (not an ONNX model, or a damaged one)');
      yield { number, bytes: bytes.subarray(at, at + length) };
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unknown protobuf wire type ${wire} (not an ONNX model)`);
  }
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
