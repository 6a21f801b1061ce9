import type { BundleSource, SourceFile } from '../bundle/bundle-source.js';
import { loadFiles, type LoadedFiles } from '../bundle/load-bundle.js';
import { EngineError } from '../engine/errors.js';
import { hubEndpoint } from '../hub/hub-access.js';
import { listRepoFiles } from '../hub/hub-api.js';
import { entriesFor, heldFirst, hubFetching, type LoadHubRepoOptions } from '../hub/load-hub-repo.js';
import { parseRepoRef, repoId, type HubRepoRef } from '../hub/repo-ref.js';
import { SAM_FILES } from './sam-segmenter.js';

/**
 * The select tool's model unless one is chosen: SlimSAM-77 (Zigeng/SlimSAM-uniform-77, Apache-2.0), pruned from
 * Meta's SAM ViT-B, as transformers.js's ONNX export (23 MB vision encoder + 17 MB decoder, float32).
 */
export const DEFAULT_SELECT_MODEL = 'Xenova/slimsam-77-uniform';

/** Only the float32 graphs and the processor config: never the quantized or fp16 copies beside them. */
const WANTED = [SAM_FILES.preprocessor, SAM_FILES.visionEncoder, SAM_FILES.decoder];

/** The files a segment-anything repo must hold, from its listing; a missing one is named. */
export function chooseSamFiles<F extends Pick<SourceFile, 'path'>>(listing: readonly F[], label: string): F[] {
  const byPath = new Map(listing.map((file) => [file.path, file]));
  const missing = WANTED.filter((path) => !byPath.has(path));
  if (missing.length > 0) {
    const sam2 = listing.some((file) => file.path.endsWith('.onnx_data'));
    throw new EngineError(
      'missing-file',
      `${label} is not a segment-anything model in transformers.js's ONNX layout: it has no ${missing.join(', ')}.${sam2 ? ' (Its graphs keep weights in .onnx_data files, as SAM 2 exports do; only SAM and SlimSAM exports load.)' : ''} Pick one such as ${DEFAULT_SELECT_MODEL}.`,
    );
  }
  return WANTED.map((path) => byPath.get(path)!);
}

export interface LoadedSamRepo extends LoadedFiles {
  ref: HubRepoRef;
  commit: string;
}

/**
 * A segment-anything repo on the Hub, through the client, checks and cache a model uses: listed at one commit,
 * its three files chosen, each verified against the Hub's sha256 (LFS) or git blob id, kept by sha256.
 */
export async function loadHubSamModel(options: LoadHubRepoOptions): Promise<LoadedSamRepo> {
  const ref = typeof options.ref === 'string' ? parseRepoRef(options.ref, { endpoint: hubEndpoint(options.endpoint) }) : options.ref;
  options.onProgress?.({ phase: 'manifest', loadedBytes: 0, totalBytes: 0 });
  const { commit, files: listing } = await listRepoFiles(ref, options);
  const chosen = chooseSamFiles(listing, repoId(ref)).map((file) => ({ ...file, role: file.path.endsWith('.json') ? ('metadata' as const) : ('weights' as const) }));
  const fetching = hubFetching(ref, commit, options);
  const files = await entriesFor(chosen, fetching);
  const loaded = await loadFiles({ ...options, origin: heldFirst(fetching), files, cache: fetching.cache });
  const source: BundleSource = { label: `hf:${repoId(ref)}@${commit.slice(0, 7)}`, read: (path) => loaded.source.read(path), listing: files };
  return { ...loaded, source, ref, commit };
}
