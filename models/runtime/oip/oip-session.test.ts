/**
 * What the session sends for metadata Triton gives (the UNet's timestep declared `[1]` reshaped to `[]`,
 * so `[-1, 1]` with the batch): the same bytes with the declared shape. The servers in the tests (KServe's)
 * declare the graph's own shapes; this one answers from a table.
 */
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { oipRuntime } from './oip-runtime.js';
import { HEADER_LENGTH_HEADER } from './oip-tensor-codec.js';

const TRITON_UNET_METADATA = {
  name: 'unet',
  inputs: [
    { name: 'sample', datatype: 'FP32', shape: [-1, 9, -1, -1] },
    { name: 'timestep', datatype: 'INT64', shape: [-1, 1] },
    { name: 'encoder_hidden_states', datatype: 'FP32', shape: [-1, -1, 32] },
  ],
  outputs: [{ name: 'out_sample', datatype: 'FP32', shape: [-1, 4, -1, -1] }],
};

describe('a server session', () => {
  it('sends a [B] feed as [B, 1] where the server declares a trailing 1 (Triton\'s reshape), and reads the answer', async () => {
    const sent: { inputs: { name: string; shape: number[] }[] }[] = [];
    const answer = new Float32Array(2 * 4 * 2 * 2).map((_, i) => i / 2);
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!url.endsWith('/infer')) return Response.json(TRITON_UNET_METADATA);
      const body = init!.body as Uint8Array;
      const length = Number((init!.headers as Record<string, string>)[HEADER_LENGTH_HEADER]);
      sent.push(JSON.parse(new TextDecoder().decode(body.subarray(0, length))));
      const header = new TextEncoder().encode(JSON.stringify({ outputs: [{ name: 'out_sample', datatype: 'FP32', shape: [2, 4, 2, 2], parameters: { binary_data_size: answer.byteLength } }] }));
      return new Response(Buffer.concat([header, new Uint8Array(answer.buffer)]), { headers: { [HEADER_LENGTH_HEADER]: String(header.byteLength) } });
    };
    const session = await oipRuntime({ url: 'http://gpu.example:8000', fetch: fakeFetch }).create({ model: new Uint8Array(0), externalData: [], outputsOnGpu: false, graph: 'unet' });
    expect(session.inputMetadata[1]).toMatchObject({ name: 'timestep', type: 'int64', shape: ['dynamic', 1] });
    const { out_sample: out } = await session.run(
      {
        sample: new ort.Tensor('float32', new Float32Array(2 * 9 * 2 * 2), [2, 9, 2, 2]),
        timestep: new ort.Tensor('int64', BigInt64Array.of(981n, 981n), [2]),
        encoder_hidden_states: new ort.Tensor('float32', new Float32Array(2 * 77 * 32), [2, 77, 32]),
      },
      ['out_sample'],
    );
    expect(sent[0]!.inputs.map((i) => [i.name, i.shape])).toEqual([
      ['sample', [2, 9, 2, 2]],
      ['timestep', [2, 1]],
      ['encoder_hidden_states', [2, 77, 32]],
    ]);
    expect(out!.dims).toEqual([2, 4, 2, 2]);
    expect([...(out!.data as Float32Array)]).toEqual([...answer]);
  });
});
