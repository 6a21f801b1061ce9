import * as ort from 'onnxruntime-web';
import { GraphCore } from '../graphs/graph-core.js';
import { valueInfo } from '../graphs/onnx-proto.js';
import type { ModelSession, SessionFactory } from '../runtime/model-session.js';

/** weight [rows, cols] + factor · up [rows, rank] @ down [rank, cols], in float32. */
export interface LowRankAdder {
  add(weight: Float32Array, up: Float32Array, down: Float32Array, shape: { rows: number; rank: number; cols: number }, factor: number): Promise<Float32Array>;
  release(): Promise<void>;
}

class LowRankAddGraph extends GraphCore {
  build(): Uint8Array {
    this.inputs.push(
      valueInfo('weight', 'float32', ['rows', 'cols']),
      valueInfo('up', 'float32', ['rows', 'rank']),
      valueInfo('down', 'float32', ['rank', 'cols']),
      valueInfo('factor', 'float32', []),
    );
    const product = this.op('MatMul', ['up', 'down']);
    this.op('Add', ['weight', this.op('Mul', [product, 'factor'])], {}, 'fused');
    this.outputs.push(valueInfo('fused', 'float32', ['rows', 'cols']));
    return this.encode('powerpaint-figma');
  }
}

/**
 * The fusion's arithmetic on onnxruntime: its MatMul (MLAS, SIMD) did 8-10 G multiply-adds per CPU second on
 * this project's machine against 0.7 for a blocked JavaScript loop, which made SD-1.5's LCM-LoRA (55 G) a
 * matter of seconds instead of minutes. One session serves every layer: the dimensions are symbolic.
 */
export async function lowRankAdder(create: SessionFactory): Promise<LowRankAdder> {
  const session: ModelSession = await create({ model: new LowRankAddGraph('lora-fuse').build(), externalData: [], outputsOnGpu: false });
  return {
    async add(weight, up, down, { rows, rank, cols }, factor) {
      const { fused } = await session.run({
        weight: new ort.Tensor('float32', weight, [rows, cols]),
        up: new ort.Tensor('float32', up, [rows, rank]),
        down: new ort.Tensor('float32', down, [rank, cols]),
        factor: new ort.Tensor('float32', Float32Array.of(factor), []),
      });
      return fused!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
