/**
 * The Open Inference Protocol's (KServe v2) REST body with its binary tensor data extension, as Triton
 * specifies it (docs/protocol/extension_binary_data.md) and KServe's Python server implements it: a JSON
 * header whose byte length travels in the `Inference-Header-Content-Length` HTTP header, then each
 * tensor's raw bytes, little-endian, in the order the header lists them. Tensors never go as JSON numbers:
 * a 512 px UNet step would be megabytes of decimal text.
 */
import * as ort from 'onnxruntime-web';

export const HEADER_LENGTH_HEADER = 'Inference-Header-Content-Length';

/** onnxruntime's tensor types and the protocol's datatype names, for the types the engine's graphs use. */
const DATATYPES = { float32: 'FP32', float16: 'FP16', int64: 'INT64', int32: 'INT32' } as const;
type WireType = keyof typeof DATATYPES;

export function oipDatatype(type: string): string | undefined {
  return DATATYPES[type as WireType];
}

export function ortType(datatype: string): WireType | undefined {
  return (Object.keys(DATATYPES) as WireType[]).find((type) => DATATYPES[type] === datatype);
}

export interface EncodedRequest {
  body: Uint8Array<ArrayBuffer>;
  headerLength: number;
}

/** An infer request: every feed as binary data, every output asked for as binary data. */
export function encodeInferRequest(feeds: Readonly<Record<string, ort.Tensor>>, outputs: readonly string[]): EncodedRequest {
  const parts: Uint8Array[] = [];
  const inputs = Object.entries(feeds).map(([name, tensor]) => {
    const datatype = oipDatatype(tensor.type);
    if (!datatype) throw new Error(`input "${name}" is ${tensor.type}, which the server protocol here does not carry (float32, float16, int64, int32)`);
    const bytes = tensorBytes(tensor);
    parts.push(bytes);
    return { name, shape: [...tensor.dims], datatype, parameters: { binary_data_size: bytes.byteLength } };
  });
  const header = new TextEncoder().encode(JSON.stringify({ inputs, outputs: outputs.map((name) => ({ name, parameters: { binary_data: true } })) }));
  const body = new Uint8Array(header.byteLength + parts.reduce((sum, part) => sum + part.byteLength, 0));
  body.set(header, 0);
  let at = header.byteLength;
  for (const part of parts) {
    body.set(part, at);
    at += part.byteLength;
  }
  return { body, headerLength: header.byteLength };
}

interface ResponseOutput {
  name: string;
  datatype: string;
  shape: number[];
  parameters?: { binary_data_size?: number };
  data?: unknown[];
}

/**
 * The outputs of an infer response as CPU tensors. `headerLength` is the response's
 * `Inference-Header-Content-Length`, absent when the server answered in plain JSON (which it may for
 * outputs it could not send as binary: such outputs are refused, since numbers as text lose bits).
 */
export function decodeInferResponse(body: Uint8Array, headerLength: number | undefined): Record<string, ort.Tensor> {
  const jsonEnd = headerLength ?? body.byteLength;
  if (jsonEnd > body.byteLength) throw new Error(`the response's header says ${jsonEnd} bytes of JSON, but the body is ${body.byteLength} bytes`);
  let header: { outputs?: ResponseOutput[] };
  try {
    header = JSON.parse(new TextDecoder().decode(body.subarray(0, jsonEnd))) as typeof header;
  } catch {
    // A browser hides response headers a cross-origin server does not expose: the bytes are there, their split is not.
    if (headerLength === undefined) throw new Error(`the answer carries binary data but no ${HEADER_LENGTH_HEADER} header that can be read (a gateway in front of the server must list it in Access-Control-Expose-Headers)`);
    throw new Error('the answer\'s JSON header is not JSON');
  }
  if (!Array.isArray(header.outputs)) throw new Error('the response has no outputs');
  const tensors: Record<string, ort.Tensor> = {};
  let at = jsonEnd;
  for (const output of header.outputs) {
    const type = ortType(output.datatype);
    const size = output.parameters?.binary_data_size;
    if (!type) throw new Error(`output "${output.name}" is ${output.datatype}; the engine reads FP32, FP16, INT64 or INT32`);
    if (size === undefined) throw new Error(`output "${output.name}" came as JSON numbers, not binary data`);
    if (at + size > body.byteLength) throw new Error(`output "${output.name}" is cut short (${body.byteLength - at} of ${size} bytes)`);
    const expected = output.shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[type];
    if (size !== expected) throw new Error(`output "${output.name}" has ${size} bytes for shape [${output.shape.join(', ')}] of ${output.datatype} (${expected} expected)`);
    // A copy, aligned for the typed array (the header's length need not be a multiple of 8).
    tensors[output.name] = new ort.Tensor(type, typedArray(type, new Uint8Array(body.subarray(at, at + size)).buffer), output.shape);
    at += size;
  }
  return tensors;
}

const BYTES_PER_ELEMENT: Record<WireType, number> = { float32: 4, float16: 2, int64: 8, int32: 4 };

// The host's byte order is the protocol's: every platform onnxruntime-web runs on is little-endian.
function tensorBytes(tensor: ort.Tensor): Uint8Array {
  const data = tensor.data as ArrayBufferView;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function typedArray(type: WireType, buffer: ArrayBuffer): Float32Array | Uint16Array | BigInt64Array | Int32Array {
  if (type === 'float32') return new Float32Array(buffer);
  if (type === 'float16') return new Uint16Array(buffer);
  if (type === 'int64') return new BigInt64Array(buffer);
  return new Int32Array(buffer);
}
