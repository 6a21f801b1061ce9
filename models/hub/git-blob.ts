import { createSHA1 } from 'hash-wasm';
import { EngineError } from '../engine/errors.js';
import type { HubFile } from './hub-api.js';

/** git's object id of a blob: sha1 of `blob <length>\0` followed by the bytes. */
export async function gitBlobSha1(bytes: Uint8Array): Promise<string> {
  const hasher = await createSHA1();
  hasher.init();
  hasher.update(`blob ${bytes.byteLength}\0`);
  hasher.update(bytes);
  return hasher.digest('hex');
}

/**
 * Checks a small file kept in git (not LFS) against the one hash the Hub lists for it, its blob sha1.
 * Why sha1 and not a sha256 taken after the download: a sha256 of what arrived vouches for nothing;
 * the blob id is what the Hub's API said. SHA-1 can be collided by whoever crafts both files, but these
 * are configs served by the Hub itself over TLS, and the weights, where forgery would matter, are
 * checked by sha256 (their LFS oid). After this check the caller takes the bytes' sha256 as their key.
 */
export async function verifyGitBlob(file: HubFile, bytes: Uint8Array, label: string): Promise<void> {
  const oid = bytes.byteLength === file.bytes ? await gitBlobSha1(bytes) : undefined;
  if (oid !== file.gitOid) {
    const got = oid ? `git blob ${oid.slice(0, 12)}…` : `${bytes.byteLength} bytes`;
    throw new EngineError(
      'corrupt-bundle',
      `${file.path} from ${label} failed its check against the Hub's listing (expected git blob ${file.gitOid.slice(0, 12)}… of ${file.bytes} bytes, got ${got}): ` +
        'the bytes were damaged on the way or the file changed. Nothing was kept; load the model again.',
    );
  }
}
