import * as ort from 'onnxruntime-web';
import { GraphCore } from '../graphs/graph-core.js';
import { attr, valueInfo } from '../graphs/onnx-proto.js';
import type { ModelSession, SessionFactory } from '../runtime/model-session.js';

/** A weight as stored: float32 values, or float16 bits. */
export type StoredWeight = { type: 'float32'; data: Float32Array } | { type: 'float16'; data: Uint16Array };

/** weight [rows, cols] + factor · up [rows, rank] @ down [rank, cols], summed in float32, returned in the weight's type. */
export interface LowRankAdder {
  add(weight: StoredWeight, up: Float32Array, down: Float32Array, shape: { rows: number; rank: number; cols: number }, factor: number): Promise<StoredWeight>;
  release(): Promise<void>;
}

const FLOAT = 1;
const FLOAT16 = 10;

class LowRankAddGraph extends GraphCore {
  build(type: StoredWeight['type']): Uint8Array {
    this.inputs.push(
      valueInfo('weight', type, ['rows', 'cols']),
      valueInfo('up', 'float32', ['rows', 'rank']),
      valueInfo('down', 'float32', ['rank', 'cols']),
      valueInfo('factor', 'float32', []),
    );
    const weight = type === 'float16' ? this.op('Cast', ['weight'], { to: attr.int(FLOAT) }) : 'weight';
    const sum = this.op('Add', [weight, this.op('Mul', [this.op('MatMul', ['up', 'down']), 'factor'])]);
    this.op(type === 'float16' ? 'Cast' : 'Identity', [sum], type === 'float16' ? { to: attr.int(FLOAT16) } : {}, 'fused');
    this.outputs.push(valueInfo('fused', type, ['rows', 'cols']));
    return this.encode('powerpaint-figma');
  }
}

/**
 * The fusion's arithmetic on onnxruntime: its MatMul (MLAS, SIMD) did 8-10 G multiply-adds per CPU second on
 * this project's machine against 0.7 for a blocked JavaScript loop, and its Casts widen and round fp16 weights
 * (to nearest even) faster than JavaScript can. One session per weight type serves every layer: the
 * dimensions are symbolic.
 */
export async function lowRankAdder(create: SessionFactory): Promise<LowRankAdder> {
  const sessions = new Map<StoredWeight['type'], Promise<ModelSession>>();
  const session = (type: StoredWeight['type']) => {
    if (!sessions.has(type)) sessions.set(type, create({ model: new LowRankAddGraph(`lora-fuse-${type}`).build(type), externalData: [], outputsOnGpu: false }));
    return sessions.get(type)!;
  };
  return {
    async add(weight, up, down, { rows, rank, cols }, factor) {
      const { fused } = await (await session(weight.type)).run({
        weight: new ort.Tensor(weight.type, weight.data, [rows, cols]),
        up: new ort.Tensor('float32', up, [rows, rank]),
        down: new ort.Tensor('float32', down, [rank, cols]),
        factor: new ort.Tensor('float32', Float32Array.of(factor), []),
      });
      return weight.type === 'float16' ? { type: 'float16', data: fused!.data as Uint16Array } : { type: 'float32', data: fused!.data as Float32Array };
    },
    async release() {
      await Promise.all([...sessions.values()].map(async (s) => (await s).release()));
    },
  };
}
