import { EngineError } from '../engine/errors.js';
import type { BundleFile } from './manifest.js';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
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
