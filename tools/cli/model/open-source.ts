import { noCache, type BundleCache } from '../../../models/bundle/bundle-cache.js';
import type { BundleSource } from '../../../models/bundle/bundle-source.js';
import { openDirectoryCache } from '../../../models/bundle/cache-directory.node.js';
import { bundleFromDirectory } from '../../../models/bundle/directory-source.node.js';
import { loadBundle, type BundleProgress } from '../../../models/bundle/load-bundle.js';
import { EngineError } from '../../../models/engine/errors.js';
import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import { loadHubRepo } from '../../../models/hub/load-hub-repo.js';
import type { CliIo } from '../cli-io.js';
import type { ModelRef } from './model-ref.js';

/** A model's files, ready for `openModel` / `PowerPaintEngine.load`, and what to say about where they came from. */
export interface OpenedSource {
  source: BundleSource;
  /** Hash every file while loading: only a folder's bytes are not checked on the way in. */
  verify: boolean;
  /** Where the files came from: "commit 0123abcd…", "cache folder ~/.cache/powerpaint: 6 file(s) held, …". */
  notes: string[];
}

export interface OpenSourceOptions {
  io: CliIo;
  /** Where downloads go; undefined: nothing is downloaded ahead (files stream when read: `info`). */
  cacheDir: string | undefined;
  onProgress?: (progress: BundleProgress) => void;
}

/** The files behind a folder, a bundle URL or a Hub repo (instant has none). */
export async function openSource(ref: Exclude<ModelRef, { kind: 'instant' }>, options: OpenSourceOptions): Promise<OpenedSource> {
  if (ref.kind === 'folder') return { source: bundleFromDirectory(ref.dir), verify: true, notes: [] };
  const { io } = options;
  const cache: BundleCache = options.cacheDir ? await openDirectoryCache(options.cacheDir) : noCache('only the small files are read (info, or the model on a server)');
  const common = {
    cache,
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(io.signal && { signal: io.signal }),
  };
  const held = (fromCache: string[], downloaded: string[]) =>
    cache.kind === 'none' ? [] : [`cache ${cache.description}: ${fromCache.length} file(s) held, ${downloaded.length} downloaded now`];
  if (ref.kind === 'url') {
    const loaded = await loadBundle({ ...common, from: ref.url });
    return { source: loaded.source, verify: false, notes: [...(loaded.offline ? [loaded.offline] : []), ...held(loaded.fromCache, loaded.downloaded)] };
  }
  // The token goes to the Hub client only; nothing here prints or stores it.
  const loaded = await loadHubRepo({ ...common, ref: ref.ref, endpoint: hubEndpointFromEnv(io.env), token: io.env.HF_TOKEN || undefined }).catch((error: unknown) => {
    throw withTokenHint(error);
  });
  // The listing lets openModel choose weights without reading them (a Hub source reads a file whole).
  const source: BundleSource = { label: loaded.source.label, read: (path) => loaded.source.read(path), listing: loaded.source.listing ?? loaded.files };
  return { source, verify: false, notes: [`commit ${loaded.commit}`, ...held(loaded.fromCache, loaded.downloaded)] };
}

/** The Hub client asks for "a Hugging Face access token": here that means the HF_TOKEN variable. */
function withTokenHint(error: unknown): unknown {
  if (!(error instanceof EngineError) || !/access token|refused the token/.test(error.message)) return error;
  return new EngineError(error.code, `${error.message} The command line reads it from HF_TOKEN.`, { cause: error });
}
