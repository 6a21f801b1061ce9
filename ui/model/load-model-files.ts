import type { BundleCache } from '../../models/bundle/bundle-cache.js';
import type { BundleSource } from '../../models/bundle/bundle-source.js';
import { bundleFromFolder } from '../../models/bundle/folder-source.js';
import { loadBundle, type BundleProgress } from '../../models/bundle/load-bundle.js';
import { MANIFEST_PATH, type BundleFile } from '../../models/bundle/manifest.js';
import { loadHubRepo } from '../../models/hub/load-hub-repo.js';

/** Where the model panel loads from. */
export type ModelChoice =
  | { kind: 'catalog'; name: string; url: string; manifestSha256?: string }
  | { kind: 'hub'; name: string; repo: string; endpoint: string; token?: string }
  | { kind: 'url'; url: string }
  | { kind: 'folder'; files: FileList; name: string };

/** A model's files, ready for PowerPaintEngine.load: downloaded (or found in the cache) and verified. */
export interface LoadedModelFiles {
  source: BundleSource;
  /** What was fetched, with the sha256 each file was checked against ('' for a local folder's files). */
  files: BundleFile[];
  cached: boolean;
  downloaded: string[];
}

export interface LoadControl {
  cache: BundleCache;
  onProgress: (progress: BundleProgress) => void;
  signal: AbortSignal;
}

/**
 * Fetches what `choice` names through the one downloader and cache: a bundle (powerpaint.json), a Hugging
 * Face repo (listed, chosen, checked against the Hub's sha256), or a picked folder; a folder without
 * powerpaint.json (a diffusers repo or an ONNX export on disk) is read in place.
 */
export async function loadModelFiles(choice: ModelChoice, control: LoadControl): Promise<LoadedModelFiles> {
  const { cache, onProgress, signal } = control;
  if (choice.kind === 'hub') {
    const repo = await loadHubRepo({ ref: choice.repo, endpoint: choice.endpoint, ...(choice.token && { token: choice.token }), cache, onProgress, signal });
    return { source: repo.source, files: repo.files, cached: repo.cache !== 'none', downloaded: repo.downloaded };
  }
  if (choice.kind === 'folder' && !Array.from(choice.files).some((f) => f.webkitRelativePath.endsWith(`/${MANIFEST_PATH}`) || f.name === MANIFEST_PATH)) {
    const folder = bundleFromFolder(choice.files);
    return { source: folder, files: (folder.listing ?? []).map((f) => ({ path: f.path, bytes: f.bytes, sha256: '' })), cached: false, downloaded: [] };
  }
  const from = choice.kind === 'folder' ? choice.files : choice.url;
  const pin = choice.kind === 'catalog' && choice.manifestSha256 ? { manifestSha256: choice.manifestSha256 } : {};
  const bundle = await loadBundle({ from, cache, onProgress, signal, ...pin });
  return { source: bundle.source, files: bundle.manifest.files, cached: bundle.cache !== 'none', downloaded: bundle.downloaded };
}
