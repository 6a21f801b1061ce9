/**
 * How graphs hold a checkpoint's weights: by state-dict key, as external data pointing into the
 * safetensors file, in the stored layout (no transposed or converted copy), cast only where the compute
 * type differs; fp16 compute stays close to fp32 on the same weights.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { parseSafetensorsHeader } from '../safetensors/safetensors-header.js';
import type { ComputeType } from './bound-graph.js';
import { parseUnetConfig } from './unet-config.js';
import { buildUnetGraph } from './unet-graph.js';
import { WeightIndex } from './weight-index.js';

const { onnx } = onnxProto;
const REPO = fileURLToPath(new URL('../../test/fixtures/hub-repos/tiny-pp/powerpaint-v1/', import.meta.url));
const FILE = 'diffusion_pytorch_model.fp16.safetensors';

function unet(compute: ComputeType) {
  const bytes = new Uint8Array(readFileSync(`${REPO}unet/${FILE}`));
  const header = parseSafetensorsHeader(bytes, FILE, bytes.length);
  const index = new WeightIndex('unet', [{ location: FILE, path: `unet/${FILE}`, header }]);
  const config = parseUnetConfig(JSON.parse(readFileSync(`${REPO}unet/config.json`, 'utf8')), 'tiny-pp/powerpaint-v1');
  return { built: buildUnetGraph(config, index, compute), bytes, header, index, config };
}

async function runUnet(compute: ComputeType): Promise<Float32Array> {
  const { built, bytes, config } = unet(compute);
  const session = await ort.InferenceSession.create(built.model, { executionProviders: ['wasm'], externalData: [{ path: FILE, data: bytes }] });
  const h = 8;
  const wave = (n: number, f: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * f));
  const { out_sample } = await session.run({
    sample: new ort.Tensor('float32', wave(2 * config.inChannels * h * h, 0.37), [2, config.inChannels, h, h]),
    timestep: new ort.Tensor('int64', BigInt64Array.from([981n, 981n]), [2]),
    encoder_hidden_states: new ort.Tensor('float32', wave(2 * 77 * config.crossAttentionDim, 0.11), [2, 77, config.crossAttentionDim]),
  });
  await session.release();
  return out_sample!.data as Float32Array;
}

describe('weights bound as published', () => {
  it('names every initializer by its state-dict key and points it into the safetensors file at its byte range', () => {
    const { built, header, index } = unet('float16');
    const graph = onnx.ModelProto.decode(built.model).graph!;
    const external = graph.initializer!.filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
    expect(external.length).toBe(header.tensors.size);
    for (const tensor of external) {
      const entry = header.tensors.get(tensor.name!)!;
      const fields = Object.fromEntries(tensor.externalData!.map((kv) => [kv.key, kv.value]));
      expect(fields).toEqual({ location: FILE, offset: String(entry.offset), length: String(entry.length) });
      expect(tensor.dims!.map(Number)).toEqual(entry.shape);
      expect(tensor.dataType).toBe(onnx.TensorProto.DataType.FLOAT16);
    }
    expect(index.unused()).toEqual([]);
    // The model file carries structure only: every weight byte stays in the safetensors file.
    expect(built.model.length).toBeLessThan(200_000);
  });

  it('uses weights in their stored layout: Gemm with transB, no Transpose or Cast of a weight in fp16 compute', () => {
    const graph = onnx.ModelProto.decode(unet('float16').built.model).graph!;
    const keys = new Set(graph.initializer!.filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL).map((t) => t.name!));
    const consumers = (op: string) => graph.node!.filter((n) => n.opType === op && n.input!.some((i) => keys.has(i)));
    expect(consumers('Transpose')).toEqual([]);
    expect(consumers('MatMul')).toEqual([]);
    expect(consumers('Gemm').every((n) => n.attribute!.some((a) => a.name === 'transB' && Number(a.i) === 1))).toBe(true);
    // Only what runs in float32 on purpose (norm gains and biases, the timestep MLP) is cast.
    const cast = consumers('Cast').map((n) => n.input![0]!);
    expect(cast.length).toBeGreaterThan(0);
    expect(cast.every((key) => /norm|time_embedding/.test(key))).toBe(true);
  });

  it('computes in fp16 within fp16 rounding of the same weights in fp32, with float32 inputs and outputs', async () => {
    const [half, full] = [await runUnet('float16'), await runUnet('float32')];
    let maxDiff = 0;
    let maxRef = 0;
    for (let i = 0; i < full.length; i++) {
      expect(Number.isFinite(half[i]!)).toBe(true);
      maxDiff = Math.max(maxDiff, Math.abs(half[i]! - full[i]!));
      maxRef = Math.max(maxRef, Math.abs(full[i]!));
    }
    expect(maxRef).toBeGreaterThan(0.1);
    expect(maxDiff / maxRef).toBeLessThan(1e-2);
    expect(maxDiff).toBeGreaterThan(0);
  });
});
