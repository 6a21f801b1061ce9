import { authHeaders, fetchOf, hubEndpoint, type HubAccess } from './hub-access.js';
import { hubAnswerNotUnderstood, hubCancelled, hubRefusal, hubSilent, hubUnreachable } from './hub-errors.js';
import { repoId, type HubRepoRef } from './repo-ref.js';

/** One file of a repo as the Hub lists it. */
export interface HubFile {
  path: string;
  bytes: number;
  /** The content's sha256, for files stored in LFS (or Xet, which keeps LFS pointers): `lfs.oid`. */
  sha256?: string;
  /** git's blob sha1 (of the LFS pointer, for LFS files): all the Hub says about a small file's bytes. */
  gitOid: string;
}

export interface RepoListing {
  /** The commit the revision pointed at; the files are listed, and should be downloaded, at it. */
  commit: string;
  files: HubFile[];
}

export interface HubRequestOptions extends HubAccess {
  signal?: AbortSignal | undefined;
}

const SHA1 = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The commit sha a revision (branch, tag or sha) points at now: `GET /api/models/{id}/revision/{rev}`. */
export async function resolveCommit(ref: HubRepoRef, options: HubRequestOptions = {}): Promise<string> {
  const url = `${apiBase(ref, options)}/revision/${encodeURIComponent(ref.revision)}`;
  const { json } = await getJson(url, ref, options);
  const sha = isRecord(json) ? json.sha : undefined;
  if (typeof sha !== 'string' || !SHA1.test(sha)) throw hubAnswerNotUnderstood(url, 'no commit sha in the answer');
  return sha;
}

/**
 * Every file of a repo, with sizes and hashes, at the commit its revision points at now, so that a
 * branch moving meanwhile cannot mix two versions: `GET /api/models/{id}/tree/{commit}?recursive=1`,
 * following `Link: <…>; rel="next"` pages.
 */
export async function listRepoFiles(ref: HubRepoRef, options: HubRequestOptions = {}): Promise<RepoListing> {
  const commit = await resolveCommit(ref, options);
  const files: HubFile[] = [];
  for (let url: string | undefined = `${apiBase(ref, options)}/tree/${commit}?recursive=1`; url; ) {
    const page: { json: unknown; next?: string } = await getJson(url, ref, options);
    files.push(...parseTree(page.json, url));
    url = page.next;
  }
  return { commit, files };
}

/** The files of a tree listing (directories left out); throws when an entry is not as the Hub writes it. */
export function parseTree(json: unknown, url: string): HubFile[] {
  if (!Array.isArray(json)) throw hubAnswerNotUnderstood(url, 'the file list is not a list');
  return json.flatMap((entry: unknown): HubFile[] => {
    if (!isRecord(entry) || entry.type === 'directory') return [];
    const { path, size, oid, lfs } = entry;
    if (typeof path !== 'string' || typeof size !== 'number' || typeof oid !== 'string' || !SHA1.test(oid)) {
      throw hubAnswerNotUnderstood(url, `a file entry without path, size and oid: ${JSON.stringify(entry).slice(0, 120)}`);
    }
    if (lfs === undefined) return [{ path, bytes: size, gitOid: oid }];
    if (!isRecord(lfs) || typeof lfs.oid !== 'string' || !SHA256.test(lfs.oid) || typeof lfs.size !== 'number') {
      throw hubAnswerNotUnderstood(url, `${path} has an LFS entry without a sha256 and size`);
    }
    return [{ path, bytes: lfs.size, sha256: lfs.oid, gitOid: oid }];
  });
}

function apiBase(ref: HubRepoRef, options: HubAccess): string {
  return `${hubEndpoint(options.endpoint)}/api/models/${repoId(ref)}`;
}

/** A listing page the Hub has not finished sending in this long is given up on, with a message, not waited for forever. */
export const HUB_ANSWER_TIMEOUT_MS = 30_000;

async function getJson(url: string, ref: HubRepoRef, options: HubRequestOptions): Promise<{ json: unknown; next?: string }> {
  if (options.signal?.aborted) throw hubCancelled();
  const endpoint = hubEndpoint(options.endpoint);
  // One signal ends the request on a cancel or on the timeout; which of the two it was decides the message.
  const request = new AbortController();
  const stop = () => request.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, HUB_ANSWER_TIMEOUT_MS);
  const failure = (otherwise: () => Error) =>
    options.signal?.aborted ? hubCancelled() : request.signal.aborted ? hubSilent(endpoint, HUB_ANSWER_TIMEOUT_MS) : otherwise();
  try {
    let response: Response;
    try {
      response = await fetchOf(options)(url, { headers: { Accept: 'application/json', ...authHeaders(options.token) }, signal: request.signal });
    } catch (cause) {
      throw failure(() => hubUnreachable(endpoint, cause));
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw hubRefusal(response, { ref, endpoint, tokenGiven: Boolean(options.token) }) ?? hubAnswerNotUnderstood(url, `HTTP ${response.status}`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw failure(() => hubAnswerNotUnderstood(url, `not JSON: ${cause instanceof Error ? cause.message : String(cause)}`));
    }
    const next = nextPage(response.headers.get('link'), url, endpoint);
    return next ? { json, next } : { json };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

/**
 * The `rel="next"` URL of a Link header (GitHub's pagination format, which the Hub uses). It must stay
 * on the endpoint's origin: the token goes with every page.
 */
function nextPage(link: string | null, url: string, endpoint: string): string | undefined {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '');
  if (!match?.[1]) return undefined;
  const next = new URL(match[1], url);
  if (next.origin !== new URL(endpoint).origin) throw hubAnswerNotUnderstood(url, `its next page is on another host, ${next.host}`);
  return next.href;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
