import { sha256Hex } from '../../models/bundle/verify-file.js';
import type { BundleFile } from '../../models/bundle/manifest.js';

/** Deterministic pseudo-random bytes (xorshift32): compressible by nothing, the same on every run. */
export function randomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export async function entryFor(path: string, bytes: Uint8Array): Promise<BundleFile> {
  return { path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
}
