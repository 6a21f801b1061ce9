import type { BundleSource, SourceFile } from '../bundle/bundle-source.js';
import type { BundleFile } from '../bundle/manifest.js';
import { loadFiles } from '../bundle/load-bundle.js';
import { EngineError } from '../engine/errors.js';
import { listRepoFiles } from '../hub/hub-api.js';
import { hubEndpoint } from '../hub/hub-access.js';
import { entriesFor, heldFirst, hubFetching, type LoadHubRepoOptions } from '../hub/load-hub-repo.js';
import { parseRepoRef, repoId } from '../hub/repo-ref.js';
import { parseSafetensorsHeader } from '../safetensors/safetensors-header.js';
import type { LoraFile } from './lora-layers.js';

/** The file name diffusers' save_lora_weights writes, and the one published LoRA repos (lcm-lora-sdv1-5) use. */
export const LORA_WEIGHT_NAME = 'pytorch_lora_weights.safetensors';

/** A LoRA to fuse and how strongly: `fuse_lora(lora_scale=scale)`. */
export interface LoraChoice {
  file: LoraFile;
  scale: number;
}

/**
 * What a LoRA argument names: `hf:owner/name[@rev]` (or any form parseRepoRef takes) or a folder, with an
 * optional `:scale` at the end (default 1), e.g. `hf:latent-consistency/lcm-lora-sdv1-5:0.8`.
 */
export function parseLoraSpec(text: string): { where: string; scale: number } {
  const match = /^(.*?):(-?\d+(?:\.\d+)?|-?\.\d+)$/.exec(text.trim());
  const where = (match ? match[1]! : text).trim();
  if (!where) throw new EngineError('bad-input', `"${text}" names no LoRA: give hf:owner/name or a folder, optionally with :scale (e.g. hf:latent-consistency/lcm-lora-sdv1-5:1).`);
  return { where, scale: match ? Number(match[2]) : 1 };
}

/**
 * The LoRA's weights among a repo's or folder's files: diffusers' `pytorch_lora_weights.safetensors`, else the
 * one .safetensors file there is. Pickles (.bin) are never read.
 */
export function chooseLoraFile<F extends Pick<SourceFile, 'path'>>(listing: readonly F[], label: string): F {
  const named = listing.find((f) => f.path === LORA_WEIGHT_NAME);
  if (named) return named;
  const candidates = listing.filter((f) => f.path.endsWith('.safetensors'));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    const pickle = listing.some((f) => /\.(bin|pt|ckpt)$/.test(f.path));
    throw new EngineError('missing-file', `${label} has no LoRA .safetensors file${pickle ? ' (only PyTorch pickles, which cannot be read safely)' : ''}; pick a LoRA saved as ${LORA_WEIGHT_NAME}.`);
  }
  throw new EngineError('bad-input', `${label} has several .safetensors files (${candidates.map((f) => f.path).join(', ')}) and none is named ${LORA_WEIGHT_NAME}; pick the folder of one LoRA.`);
}

/** Reads and parses the chosen LoRA file of a source (a folder, or what `loadHubLora` downloaded). */
export async function readLoraFile(source: BundleSource, path: string): Promise<LoraFile> {
  const bytes = await source.read(path);
  const label = `${source.label}/${path}`;
  return { label, bytes, header: parseSafetensorsHeader(bytes, label, bytes.length) };
}

/** A LoRA folder as a source: its listing must show the file to use. */
export async function loadLoraFromSource(source: BundleSource): Promise<LoraFile> {
  if (!source.listing) throw new EngineError('bad-input', `${source.label} cannot list its files; give a LoRA folder or a Hugging Face repo.`);
  return readLoraFile(source, chooseLoraFile(source.listing, source.label).path);
}

/** A LoRA read from the Hub, with the cache entries it is kept in (so that clearing a model can forget it too). */
export type HubLoraFile = LoraFile & { cached: readonly BundleFile[] };

/**
 * A LoRA repo on the Hub, through the same path as a model: listed at one commit, its LoRA file chosen,
 * downloaded into the cache (verified against the Hub's sha256 or git blob id) or read from it.
 */
export async function loadHubLora(options: LoadHubRepoOptions): Promise<HubLoraFile> {
  const ref = typeof options.ref === 'string' ? parseRepoRef(options.ref, { endpoint: hubEndpoint(options.endpoint) }) : options.ref;
  const { commit, files: listing } = await listRepoFiles(ref, options);
  const chosen = chooseLoraFile(listing, repoId(ref));
  const fetching = hubFetching(ref, commit, options);
  const files = await entriesFor([{ ...chosen, role: 'weights' }], fetching);
  const loaded = await loadFiles({ ...options, origin: heldFirst(fetching), files, cache: fetching.cache });
  const file = await readLoraFile(loaded.source, chosen.path);
  return { ...file, label: `hf:${repoId(ref)}@${commit.slice(0, 7)}/${chosen.path}`, cached: files };
}
