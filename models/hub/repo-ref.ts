import { EngineError } from '../engine/errors.js';

/** A model repository on the Hugging Face Hub at one revision (a branch, a tag or a commit sha). */
export interface HubRepoRef {
  owner: string;
  name: string;
  revision: string;
}

export const DEFAULT_REVISION = 'main';

/** Hosts whose links are the Hub's own; a mirror's host counts when its endpoint is given. */
const HUB_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
/** The Hub's rule for owner and repo names: letters, digits, `-`, `_`, `.`; no `--` or `..`; ≤ 96. */
const NAME = /^(?![.-])(?!.*(?:--|\.\.))[A-Za-z0-9_.-]{1,96}(?<![.-])$/;
const FORMS = 'owner/name, owner/name@revision, or a huggingface.co link to the model';

/** `owner/name` as the Hub's API and URLs spell it. */
export function repoId(ref: Pick<HubRepoRef, 'owner' | 'name'>): string {
  return `${ref.owner}/${ref.name}`;
}

/**
 * What a designer pastes, as a repo and revision: `owner/name`, `owner/name@rev`, `hf:owner/name[@rev]`
 * (`hf://` too), or a link to the model's page, its file tree (`/tree/<rev>`), a file (`/blob/<rev>/…`,
 * `/resolve/<rev>/…`) or a commit (`/commit/<sha>`). `endpoint` adds a mirror's host to the Hub's own.
 */
export function parseRepoRef(text: string, options: { endpoint?: string } = {}): HubRepoRef {
  const input = text.trim();
  if (!input) throw badRef(`Paste a Hugging Face model as ${FORMS}.`);
  if (/^https?:\/\//i.test(input)) return fromUrl(input, options.endpoint);
  // A link copied from the address bar without its scheme ("huggingface.co/owner/name").
  if (/^(?:www\.)?(?:huggingface\.co|hf\.co)\//i.test(input)) return fromUrl(`https://${input}`, options.endpoint);
  const [id = '', ...revisions] = input.replace(/^hf:(?:\/\/)?/i, '').split('@');
  if (revisions.length > 1 || revisions[0] === '') throw notAnId(input);
  return { ...ownerAndName(input, id.split('/')), revision: revisions[0] ?? DEFAULT_REVISION };
}

function fromUrl(input: string, endpoint: string | undefined): HubRepoRef {
  let url: URL;
  let parts: string[];
  try {
    url = new URL(input);
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw badRef(`"${input}" is not a valid link: paste ${FORMS}.`);
  }
  const hosts = endpoint ? new Set([...HUB_HOSTS, new URL(endpoint).host]) : HUB_HOSTS;
  if (!hosts.has(url.host)) throw badRef(`${url.host} is not the Hugging Face Hub: paste ${FORMS}.`);
  if (parts[0] === 'datasets' || parts[0] === 'spaces') {
    throw badRef(`That link is to a ${parts[0] === 'spaces' ? 'Space' : 'dataset'}, not a model: paste the model's page.`);
  }
  const { owner, name } = ownerAndName(input, parts.slice(0, 2));
  const [kind, revision] = parts.slice(2);
  if (kind === undefined) return { owner, name, revision: DEFAULT_REVISION };
  if (['tree', 'blob', 'resolve', 'commit'].includes(kind) && revision) return { owner, name, revision };
  throw badRef(`That link is to a page of ${owner}/${name} (/${parts.slice(2).join('/')}), not the model itself: paste ${FORMS}.`);
}

function ownerAndName(input: string, parts: string[]): Pick<HubRepoRef, 'owner' | 'name'> {
  const [owner = '', name = ''] = parts;
  if (parts.length !== 2 || !NAME.test(owner) || !NAME.test(name)) throw notAnId(input);
  return { owner, name };
}

function notAnId(input: string): EngineError {
  return badRef(`"${input}" is not a Hugging Face model id: write ${FORMS} (e.g. stable-diffusion-v1-5/stable-diffusion-inpainting).`);
}

function badRef(message: string): EngineError {
  return new EngineError('bad-input', message);
}
