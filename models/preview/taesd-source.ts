import type { BundleSource } from '../bundle/bundle-source.js';
import { loadFiles } from '../bundle/load-bundle.js';
import { EngineError } from '../engine/errors.js';
import { listRepoFiles } from '../hub/hub-api.js';
import { hubEndpoint } from '../hub/hub-access.js';
import { entriesFor, heldFirst, hubFetching, type LoadHubRepoOptions } from '../hub/load-hub-repo.js';
import { parseRepoRef, repoId } from '../hub/repo-ref.js';
import { TAESD_WEIGHT_NAMES } from './taesd-preview.js';

/** madebyollin's TAESD for SD-1.5's VAE (MIT): diffusers' AutoencoderTiny, config.json and safetensors at its root. */
export const TAESD_REPO = 'madebyollin/taesd';

/**
 * A TAESD repo on the Hub, through the same path as a model: listed at one commit, its config.json and weights
 * (fp16 where published) downloaded into the cache, verified against the Hub's sha256 or git blob id, or read from
 * it. The source holds what `openTaesdDecoder` reads.
 */
export async function loadHubTaesd(options: LoadHubRepoOptions): Promise<BundleSource> {
  const ref = typeof options.ref === 'string' ? parseRepoRef(options.ref, { endpoint: hubEndpoint(options.endpoint) }) : options.ref;
  const { commit, files: listing } = await listRepoFiles(ref, options);
  const config = listing.find((f) => f.path === 'config.json');
  const weights = TAESD_WEIGHT_NAMES.map((name) => listing.find((f) => f.path === name)).find((f) => f !== undefined);
  if (!config || !weights) {
    throw new EngineError('missing-file', `${repoId(ref)} has no ${config ? TAESD_WEIGHT_NAMES.join(' or ') : 'config.json'} at its root: it is not a TAESD in diffusers' layout (madebyollin/taesd is).`);
  }
  const fetching = hubFetching(ref, commit, options);
  const files = await entriesFor([{ ...config, role: 'metadata' }, { ...weights, role: 'weights' }], fetching);
  const loaded = await loadFiles({ ...options, origin: heldFirst(fetching), files, cache: fetching.cache });
  const { source } = loaded;
  return { label: `hf:${repoId(ref)}@${commit.slice(0, 7)}`, read: (path) => source.read(path), ...(source.listing && { listing: source.listing }) };
}
