import type { OnnxIo, OnnxValue } from '../../../models/bundle/onnx-io.js';

/** onnxruntime's type names (as models/bundle/onnx-io.ts reads them) and Triton's `data_type` names. */
const TRITON_TYPES: Record<string, string> = {
  float32: 'TYPE_FP32', float16: 'TYPE_FP16', bfloat16: 'TYPE_BF16', float64: 'TYPE_FP64', int64: 'TYPE_INT64', int32: 'TYPE_INT32',
  int16: 'TYPE_INT16', int8: 'TYPE_INT8', uint8: 'TYPE_UINT8', uint16: 'TYPE_UINT16', uint32: 'TYPE_UINT32', uint64: 'TYPE_UINT64', bool: 'TYPE_BOOL', string: 'TYPE_STRING',
};

export interface TritonBatching {
  /** The largest batch Triton's dynamic batcher may form from concurrent requests. */
  maxBatchSize: number;
  /** How long a request may wait for others to join its batch. */
  maxQueueDelayMicroseconds: number;
}

/**
 * A Triton `config.pbtxt` for the ONNX Runtime backend, from the graph's own inputs and outputs: exact
 * names and types, -1 for every symbolic dimension. With batching (the UNet), the leading batch dimension
 * leaves `dims` (Triton adds it) and a `[batch]` input such as the UNet's timestep is declared `[1]`
 * reshaped to `[]`, as Triton requires for a tensor that is only its batch.
 */
export function tritonConfig(name: string, io: OnnxIo, batching: TritonBatching | undefined): string {
  if (batching && !batchable(io)) throw new Error(`${name} cannot be batched: not every input and output leads with a free batch dimension`);
  const batched = batching !== undefined;
  const lines = [`name: "${name}"`, 'backend: "onnxruntime"', `max_batch_size: ${batched ? batching.maxBatchSize : 0}`];
  lines.push(...tensorList('input', io.inputs, batched), ...tensorList('output', io.outputs, batched));
  if (batched) lines.push(`dynamic_batching {`, `  max_queue_delay_microseconds: ${batching.maxQueueDelayMicroseconds}`, `}`);
  lines.push('instance_group [', '  {', '    kind: KIND_GPU', '    count: 1', '  }', ']');
  return `${lines.join('\n')}\n`;
}

/** Triton's dynamic batcher needs every input and output to lead with the same free batch dimension. */
export function batchable(io: OnnxIo): boolean {
  return [...io.inputs, ...io.outputs].every((value) => value.shape.length > 0 && typeof value.shape[0] === 'string');
}

export function tritonType(type: string): string {
  const tritonName = TRITON_TYPES[type];
  if (!tritonName) throw new Error(`no Triton data type for ONNX type "${type}"`);
  return tritonName;
}

function tensorList(kind: 'input' | 'output', values: readonly OnnxValue[], batched: boolean): string[] {
  const blocks = values.map((value, i) => {
    const full = value.shape.map((d) => (typeof d === 'number' ? d : -1));
    const dims = batched ? full.slice(1) : full;
    const reshape = dims.length === 0 ? ['    reshape: { shape: [ ] }'] : [];
    return [
      '  {',
      `    name: "${value.name}"`,
      `    data_type: ${tritonType(value.type)}`,
      `    dims: [ ${(dims.length === 0 ? [1] : dims).join(', ')} ]`,
      ...reshape,
      `  }${i < values.length - 1 ? ',' : ''}`,
    ];
  });
  return [`${kind} [`, ...blocks.flat(), ']'];
}
