import { noCache, type BundleCache } from '../bundle/bundle-cache.js';
import { bundleFromFiles, readJson } from '../bundle/bundle-source.js';
import { originFromSource, type ByteOrigin } from '../bundle/byte-origin.js';
import { downloadFile, sleepFor, type RetryOptions } from '../bundle/download-file.js';
import { memorySink } from '../bundle/file-sink.js';
import { loadFiles, readSmallFile, type BundleProgress, type LoadedFiles } from '../bundle/load-bundle.js';
import type { BundleFile } from '../bundle/manifest.js';
import { sha256Hex } from '../bundle/verify-file.js';
import { EngineError } from '../engine/errors.js';
import { chooseFiles, type ChosenFile, type FileChoice, type RepoLayout } from './choose-files.js';
import { verifyGitBlob } from './git-blob.js';
import { hubEndpoint, type HubAccess } from './hub-access.js';
import { listRepoFiles } from './hub-api.js';
import { hubOrigin } from './hub-origin.js';
import { checkInpaintingFamily, type PipelineConfigs } from '../package/pipeline-family.js';
import { parseRepoRef, repoId, type HubRepoRef } from './repo-ref.js';

export interface LoadHubRepoOptions extends HubAccess {
  /** What the designer pasted (see `parseRepoRef`), or a parsed ref. */
  ref: string | HubRepoRef;
  /** From `openBundleCache()`; default none (weights stream each time they are read). */
  cache?: BundleCache;
  onProgress?: (progress: BundleProgress) => void;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Tests: waits between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LoadedHubRepo extends LoadedFiles {
  ref: HubRepoRef;
  /** The commit every file was read at. */
  commit: string;
  /** The chosen files, each with the sha256 its bytes are checked against. */
  files: BundleFile[];
  layout: RepoLayout;
  precision: FileChoice['precision'];
}

export interface Fetching {
  origin: ByteOrigin;
  cache: BundleCache;
  /** Small files read whole (and verified) by this call: `loadFiles` takes them from here, not the network. */
  held: Map<string, Uint8Array>;
  download: { retry: RetryOptions | undefined; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; signal: AbortSignal | undefined };
}

/**
 * Gets a Hugging Face repo ready to load, like `loadBundle` for a bundle: lists it at the commit its
 * revision points at, chooses the files an SD-1.5 inpainting pipeline needs, reads the small ones and
 * refuses a repo of another family before a byte of weights is asked for, then downloads what the cache
 * lacks through the bundle downloader. Every byte the returned source gives has matched what the Hub's
 * API listed: the sha256 (LFS `oid`) of large files, the git blob sha1 of small ones. With a persistent
 * cache the second call asks the Hub for the listing only.
 */
export async function loadHubRepo(options: LoadHubRepoOptions): Promise<LoadedHubRepo> {
  const endpoint = hubEndpoint(options.endpoint);
  const ref = typeof options.ref === 'string' ? parseRepoRef(options.ref, { endpoint }) : options.ref;
  options.onProgress?.({ phase: 'manifest', loadedBytes: 0, totalBytes: 0 });
  const { commit, files: listing } = await listRepoFiles(ref, options);
  const choice = chooseFiles(listing);
  const fetching = hubFetching(ref, commit, options);

  const metadata = await entriesFor(choice.files.filter((file) => file.role === 'metadata'), fetching);
  checkInpaintingFamily(await familyConfigs(metadata, fetching), repoId(ref));
  if (choice.missing) throw new EngineError('missing-file', `${repoId(ref)} cannot be loaded: ${choice.missing}.`);
  const files = [...metadata, ...(await entriesFor(choice.files.filter((file) => file.role === 'weights'), fetching))];

  const loaded = await loadFiles({ ...options, origin: heldFirst(fetching), files, cache: fetching.cache });
  return { ...loaded, ref, commit, files, layout: choice.layout, precision: choice.precision };
}

/** How this load reads from the Hub at one commit, and what it already holds. */
export function hubFetching(ref: HubRepoRef, commit: string, options: Omit<LoadHubRepoOptions, 'ref'>): Fetching {
  return {
    origin: hubOrigin(ref, commit, options),
    cache: options.cache ?? noCache('none was given'),
    held: new Map(),
    download: { retry: options.retry, sleep: options.sleep ?? sleepFor, signal: options.signal },
  };
}

/**
 * Each file with the sha256 the cache and the downloader key it by. LFS files have it from the
 * listing. A small git file has only its blob sha1 there: it is read whole and checked against that,
 * and its sha256 is remembered in the cache (by blob id), so a later load finds it without a request.
 */
export async function entriesFor(files: ChosenFile[], fetching: Fetching): Promise<BundleFile[]> {
  const { origin, cache, held } = fetching;
  const entries: BundleFile[] = [];
  for (const file of files) {
    const { path, bytes } = file;
    if (file.sha256) {
      entries.push({ path, bytes, sha256: file.sha256 });
      continue;
    }
    const blobKey = `git-blob-sha256:${file.gitOid}`;
    const known = await cache.readRef(blobKey).catch(() => undefined);
    if (known && (await cache.has({ path, bytes, sha256: known }))) {
      entries.push({ path, bytes, sha256: known });
      continue;
    }
    const data = await readSmallFile(origin, path, fetching.download);
    await verifyGitBlob(file, data, origin.label);
    held.set(path, data);
    const sha256 = await sha256Hex(data);
    await cache.writeRef(blobKey, sha256).catch(() => undefined);
    entries.push({ path, bytes, sha256 });
  }
  return entries;
}

/** The configs that name the pipeline's family, read from what this call holds, the cache, or the Hub. */
async function familyConfigs(metadata: BundleFile[], fetching: Fetching): Promise<PipelineConfigs> {
  const { origin, cache, held } = fetching;
  const bytesOf = async (entry: BundleFile) => {
    const bytes =
      held.get(entry.path) ??
      (await cache.read(entry)) ??
      (await downloadFile({ origin, entry, sink: memorySink(entry.bytes, entry.path), ...fetching.download }));
    held.set(entry.path, bytes);
    return bytes;
  };
  const json = async (path: string) => {
    const entry = metadata.find((file) => file.path === path);
    return entry && readJson({ label: origin.label, read: () => bytesOf(entry) }, path);
  };
  return { modelIndex: await json('model_index.json'), unet: await json('unet/config.json'), textEncoder: await json('text_encoder/config.json') };
}

/** The Hub origin, with the files this call already holds served from memory. */
export function heldFirst({ held, origin }: Fetching): ByteOrigin {
  const local = originFromSource(bundleFromFiles(held, origin.label));
  return { label: origin.label, open: (path, offset, signal) => (held.has(path) ? local : origin).open(path, offset, signal) };
}
