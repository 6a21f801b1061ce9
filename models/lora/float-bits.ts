import { EngineError } from '../engine/errors.js';
import type { SafetensorsDtype, TensorEntry } from '../safetensors/safetensors-header.js';

/**
 * A stored tensor's values widened to float32 (F32, F16, BF16: the dtypes published UNets and LoRAs use), and
 * float32 values narrowed back to a stored dtype with round-to-nearest-even, as torch's `.half()` and
 * `.bfloat16()` round.
 */
export function readFloats(bytes: Uint8Array, entry: TensorEntry, what: string): Float32Array {
  // A copy: tensors in a safetensors file need not be aligned for a typed-array view (and the host is little-endian, as onnxruntime requires).
  const raw = bytes.slice(entry.offset, entry.offset + entry.length).buffer;
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(raw);
    case 'F16': {
      const half = new Uint16Array(raw);
      const table = halfTable();
      const out = new Float32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = table[half[i]!]!;
      return out;
    }
    case 'BF16': {
      const half = new Uint16Array(raw);
      const out = new Float32Array(half.length);
      const word = new Uint32Array(out.buffer);
      for (let i = 0; i < half.length; i++) word[i] = half[i]! << 16;
      return out;
    }
    default:
      throw new EngineError('bundle-mismatch', `${what} is stored as ${entry.dtype}; only F32, F16 and BF16 tensors can be fused.`);
  }
}

let halves: Float32Array | undefined;
/** Every fp16 bit pattern's value: a lookup is ~50x faster than decoding each of a UNet's 860M weights. */
function halfTable(): Float32Array {
  return (halves ??= Float32Array.from({ length: 65536 }, (_, bits) => halfToFloat(bits)));
}

/** `values` as little-endian bytes of `dtype` (F32, F16 or BF16). */
export function writeFloats(values: Float32Array, dtype: SafetensorsDtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(Float32Array.from(values).buffer);
  const out = new Uint16Array(values.length);
  const narrow = dtype === 'F16' ? floatToHalf : floatToBfloat16;
  for (let i = 0; i < values.length; i++) out[i] = narrow(values[i]!);
  return new Uint8Array(out.buffer);
}

export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the full significand, round half to even on the dropped bits.
    if (e < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    const half = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (rest > midpoint || (rest === midpoint && half & 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | (rest > 0x1000 || (rest === 0x1000 && half & 1) ? half + 1 : half);
}

export function floatToBfloat16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return (x >>> 16) | 0x40;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}
