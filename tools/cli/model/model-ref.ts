import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRepoRef, type HubRepoRef } from '../../../models/hub/repo-ref.js';
import { UsageError } from '../errors.js';

/** `--model instant`: remove with no model (models/instant). */
export const INSTANT_MODEL = 'instant';

/** What `--model` names. */
export type ModelRef =
  | { kind: 'instant' }
  | { kind: 'folder'; dir: string }
  | { kind: 'url'; url: string }
  | { kind: 'hub'; ref: HubRepoRef };

/**
 * `--model` as one of the four kinds. A folder that exists wins over a Hub id spelled the same
 * (`hf:` forces the Hub). A Hub link to a model's page or file tree is the repo; any other http(s) URL,
 * a Hub `/resolve/<rev>/` link included, is the base URL of a bundle (where powerpaint.json lies).
 */
export function modelRef(text: string, options: { endpoint: string }): ModelRef {
  if (text === INSTANT_MODEL) return { kind: 'instant' };
  const repo = hubRef(text, options.endpoint);
  if (/^hf:/i.test(text)) {
    if (repo instanceof Error) throw new UsageError(`--model: ${repo.message}`);
    return { kind: 'hub', ref: repo };
  }
  if (/^https?:\/\//i.test(text)) {
    return repo instanceof Error || /\/resolve\//.test(text) ? { kind: 'url', url: text } : { kind: 'hub', ref: repo };
  }
  const dir = resolve(text);
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info?.isDirectory()) return { kind: 'folder', dir };
  if (info) throw new UsageError(`--model ${text} is a file; give the folder that holds the model (its powerpaint.json or model_index.json).`);
  if (!(repo instanceof Error)) return { kind: 'hub', ref: repo };
  throw new UsageError(`--model ${text}: there is no such folder, and it is not a Hub id (owner/name), an http(s) URL or "instant".`);
}

/** The Hub repo `text` names, or why it names none. */
function hubRef(text: string, endpoint: string): HubRepoRef | Error {
  try {
    return parseRepoRef(text, { endpoint });
  } catch (error) {
    return error as Error;
  }
}
