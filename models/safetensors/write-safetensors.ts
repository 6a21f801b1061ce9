import { writeFloats } from '../lora/float-bits.js';
import type { SafetensorsDtype } from './safetensors-header.js';

export interface TensorToWrite {
  dtype?: 'F32' | 'F16' | 'BF16';
  shape: number[];
  values: ArrayLike<number>;
}

/**
 * A .safetensors file in memory, laid out as the Python library writes one (header JSON, then each tensor's
 * bytes in order). The engine only reads these; tests and benchmarks make LoRA files with it.
 */
export function writeSafetensors(tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [key, { dtype = 'F32', shape, values }] of Object.entries(tensors)) {
    const bytes = writeFloats(Float32Array.from(values), dtype as SafetensorsDtype);
    header[key] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
