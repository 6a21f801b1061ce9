import { EngineError } from '../engine/errors.js';

/**
 * A `.safetensors` file is an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range (relative to the end of the header), then the raw bytes, C-contiguous
 * and little-endian. Reading the header alone says where every weight is, so a graph can point into the
 * file as downloaded instead of copying weights out of it.
 */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export interface TensorEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Absolute byte offset of the first byte in the file. */
  offset: number;
  length: number;
}

export interface SafetensorsHeader {
  /** Bytes before the tensor data: 8 + the JSON header's length. */
  dataStart: number;
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** The upstream library refuses headers over 100 MB; a real SD-1.5 UNet header is about 150 kB. */
const MAX_HEADER_BYTES = 100_000_000;

/** How many bytes to read to get the header: the length prefix, from the file's first 8 bytes. */
export function headerByteLength(prefix: Uint8Array, label: string): number {
  if (prefix.length < 8) throw corrupt(label, 'it is shorter than the 8-byte header length');
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length === 0n || length > BigInt(MAX_HEADER_BYTES)) throw corrupt(label, `its header length (${length}) is not plausible`);
  return 8 + Number(length);
}

/**
 * Parses the header from the file's first bytes (at least `headerByteLength(...)` of them). `fileBytes`,
 * when known, checks that every tensor lies inside the file: a truncated download is caught here, not as
 * garbage weights.
 */
export function parseSafetensorsHeader(start: Uint8Array, label: string, fileBytes?: number): SafetensorsHeader {
  const dataStart = headerByteLength(start, label);
  if (start.length < dataStart) throw corrupt(label, `only ${start.length} of its ${dataStart} header bytes were read`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(start.subarray(8, dataStart)));
  } catch (cause) {
    throw corrupt(label, 'its header is not JSON', cause);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw corrupt(label, 'its header is not a JSON object');
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    tensors.set(key, tensorEntry(key, value, dataStart, label));
  }
  if (fileBytes !== undefined) {
    const end = Math.max(dataStart, ...[...tensors.values()].map((t) => t.offset + t.length));
    if (end > fileBytes) throw corrupt(label, `its tensors reach byte ${end} but the file has ${fileBytes}`);
  }
  return { dataStart, tensors, metadata };
}

function tensorEntry(key: string, value: unknown, dataStart: number, label: string): TensorEntry {
  const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const dtype = entry?.dtype as SafetensorsDtype;
  if (!(dtype in BYTES_PER_ELEMENT)) throw corrupt(label, `tensor ${key} has an unknown dtype ${JSON.stringify(entry?.dtype)}`);
  const shape = entry.shape;
  const offsets = entry.data_offsets;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw corrupt(label, `tensor ${key} has no valid shape`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw corrupt(label, `tensor ${key} has no valid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (end - begin !== elements * BYTES_PER_ELEMENT[dtype]) {
    throw corrupt(label, `tensor ${key} spans ${end - begin} bytes, but ${dtype} [${(shape as number[]).join(', ')}] needs ${elements * BYTES_PER_ELEMENT[dtype]}`);
  }
  return { dtype, shape: shape as number[], offset: dataStart + begin, length: end - begin };
}

function corrupt(label: string, why: string, cause?: unknown): EngineError {
  return new EngineError('corrupt-bundle', `${label} is not a readable safetensors file: ${why}. Download it again.`, { cause });
}
