import { EngineError } from '../engine/errors.js';
import type { BundleFile } from './manifest.js';
import { createSha256Stream, updateInSlices } from './sha256-stream.js';

/** Above this, WebCrypto's one-shot digest (which copies its input in Chromium) gives way to slices. */
const WEBCRYPTO_MAX_BYTES = 256 << 20;

/**
 * sha256 of bytes in memory, lowercase hex. WebCrypto where it exists (fast); incremental hash-wasm for
 * large arrays and where `crypto.subtle` is missing (a `data:` iframe is not a secure context).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle && bytes.byteLength <= WEBCRYPTO_MAX_BYTES) {
    const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const hash = await createSha256Stream();
  updateInSlices(hash, bytes);
  return hash.digestHex();
}

/** A file that doesn't match its manifest entry is a broken download, not a model to try. */
export async function verifyFile(entry: BundleFile | undefined, bytes: Uint8Array, path: string, label: string): Promise<void> {
  if (!entry) return;
  if (bytes.byteLength !== entry.bytes) {
    throw new EngineError(
      'corrupt-bundle',
      `${path} in ${label} is ${bytes.byteLength} bytes but the manifest says ${entry.bytes}: the download is incomplete or damaged. Clear the cached model and download it again.`,
    );
  }
  if ((await sha256Hex(bytes)) !== entry.sha256) {
    throw new EngineError(
      'corrupt-bundle',
      `${path} in ${label} failed its sha256 check: the file is damaged. Clear the cached model and download it again.`,
    );
  }
}
