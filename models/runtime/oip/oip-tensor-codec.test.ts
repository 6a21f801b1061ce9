import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { decodeInferResponse, encodeInferRequest } from './oip-tensor-codec.js';

/** A response body as a server writes it: JSON header, then each output's bytes. */
function responseBody(outputs: { name: string; datatype: string; shape: number[]; bytes: Uint8Array }[]): { body: Uint8Array; headerLength: number } {
  const header = new TextEncoder().encode(
    JSON.stringify({ outputs: outputs.map(({ name, datatype, shape, bytes }) => ({ name, datatype, shape, parameters: { binary_data_size: bytes.byteLength } })) }),
  );
  return { body: Buffer.concat([header, ...outputs.map((o) => o.bytes)]), headerLength: header.byteLength };
}

describe('the binary tensor data extension', () => {
  it('writes a JSON header with each input\'s size, then the raw little-endian bytes in order', () => {
    const sample = new Float32Array([1.5, -2, 3.25]);
    const timestep = BigInt64Array.of(981n);
    const half = Uint16Array.of(0x3c00, 0xc000); // 1.0, -2.0 in float16
    const { body, headerLength } = encodeInferRequest(
      { sample: new ort.Tensor('float32', sample, [1, 3]), timestep: new ort.Tensor('int64', timestep, [1]), h: new ort.Tensor('float16', half, [2]) },
      ['out_sample'],
    );
    const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength)));
    expect(header).toEqual({
      inputs: [
        { name: 'sample', shape: [1, 3], datatype: 'FP32', parameters: { binary_data_size: 12 } },
        { name: 'timestep', shape: [1], datatype: 'INT64', parameters: { binary_data_size: 8 } },
        { name: 'h', shape: [2], datatype: 'FP16', parameters: { binary_data_size: 4 } },
      ],
      outputs: [{ name: 'out_sample', parameters: { binary_data: true } }],
    });
    const view = new DataView(body.buffer, body.byteOffset + headerLength);
    expect([view.getFloat32(0, true), view.getFloat32(4, true), view.getFloat32(8, true)]).toEqual([1.5, -2, 3.25]);
    expect(view.getBigInt64(12, true)).toBe(981n);
    expect([view.getUint16(20, true), view.getUint16(22, true)]).toEqual([0x3c00, 0xc000]);
    expect(body.byteLength).toBe(headerLength + 24);
  });

  it('reads the outputs back as tensors of their type and shape', () => {
    const a = new Float32Array([0.25, 7, -1, 2]);
    const b = BigInt64Array.of(-3n, 4n);
    const { body, headerLength } = responseBody([
      { name: 'a', datatype: 'FP32', shape: [2, 2], bytes: new Uint8Array(a.buffer) },
      { name: 'b', datatype: 'INT64', shape: [2], bytes: new Uint8Array(b.buffer) },
    ]);
    const tensors = decodeInferResponse(body, headerLength);
    expect(tensors.a!.type).toBe('float32');
    expect(tensors.a!.dims).toEqual([2, 2]);
    expect([...(tensors.a!.data as Float32Array)]).toEqual([0.25, 7, -1, 2]);
    expect([...(tensors.b!.data as BigInt64Array)]).toEqual([-3n, 4n]);
  });

  it('refuses answers it cannot read exactly: JSON numbers, short bodies, sizes that do not fit the shape', () => {
    const json = new TextEncoder().encode(JSON.stringify({ outputs: [{ name: 'a', datatype: 'FP32', shape: [1], data: [1] }] }));
    expect(() => decodeInferResponse(json, undefined)).toThrow('output "a" came as JSON numbers, not binary data');
    const short = responseBody([{ name: 'a', datatype: 'FP32', shape: [4], bytes: new Uint8Array(16) }]);
    expect(() => decodeInferResponse(short.body.subarray(0, short.body.byteLength - 4), short.headerLength)).toThrow('output "a" is cut short (12 of 16 bytes)');
    const wrong = responseBody([{ name: 'a', datatype: 'FP32', shape: [3], bytes: new Uint8Array(16) }]);
    expect(() => decodeInferResponse(wrong.body, wrong.headerLength)).toThrow('output "a" has 16 bytes for shape [3] of FP32 (12 expected)');
    // What a browser sees when a gateway does not expose the header: the whole body, no length to split it.
    const hidden = responseBody([{ name: 'a', datatype: 'FP32', shape: [2], bytes: new Uint8Array(new Float32Array([1.5, 2]).buffer) }]);
    expect(() => decodeInferResponse(hidden.body, undefined)).toThrow('no Inference-Header-Content-Length header that can be read (a gateway in front of the server must list it in Access-Control-Expose-Headers)');
    const bytes = responseBody([{ name: 'a', datatype: 'BYTES', shape: [1], bytes: new Uint8Array(1) }]);
    expect(() => decodeInferResponse(bytes.body, bytes.headerLength)).toThrow('output "a" is BYTES');
  });
});
