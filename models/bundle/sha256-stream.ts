import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * An incremental sha256: WebCrypto has no streaming digest, so a 1.7 GB UNet would need the whole
 * file in memory (and Chromium copies it once more for `digest`). hash-wasm hashes chunk by chunk in
 * its own small wasm heap, in Node and in any page (a null-origin iframe included: no fetch, no storage).
 */
export interface Sha256Stream {
  update(chunk: Uint8Array): void;
  /** Lowercase hex. The stream is spent afterwards; `reset()` starts it again. */
  digestHex(): string;
  reset(): void;
}

export async function createSha256Stream(): Promise<Sha256Stream> {
  const hasher: IHasher = await createSHA256();
  hasher.init();
  return {
    update: (chunk) => void hasher.update(chunk),
    digestHex: () => hasher.digest('hex'),
    reset: () => void hasher.init(),
  };
}

/** Feeds a large array in slices, so hash-wasm never grows its heap to the array's size. */
export function updateInSlices(hash: Sha256Stream, bytes: Uint8Array, slice = 8 << 20): void {
  for (let at = 0; at < bytes.byteLength; at += slice) hash.update(bytes.subarray(at, Math.min(bytes.byteLength, at + slice)));
}
