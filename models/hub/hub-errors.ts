import { describe } from '../bundle/byte-origin.js';
import { EngineError } from '../engine/errors.js';
import { repoId, type HubRepoRef } from './repo-ref.js';

/** What a refusal was about, for a message that names the repo and says what to do. */
export interface RefusalContext {
  ref: HubRepoRef;
  endpoint: string;
  tokenGiven: boolean;
  /** The file asked for, when it was a download (`resolve/`) rather than an API call. */
  path?: string;
}

/**
 * A Hub refusal in plain words, read from its `X-Error-Code` header (RepoNotFound, GatedRepo,
 * RevisionNotFound, EntryNotFound, as huggingface_hub reads them) and status; undefined when the
 * status is no refusal (success, 5xx, 429: those are the caller's). The Hub answers 401 RepoNotFound
 * for a private repo without a token, so "not found" always mentions privacy too.
 */
export function hubRefusal(response: Response, context: RefusalContext): EngineError | undefined {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 408 || status === 429) return undefined;
  const code = response.headers.get('x-error-code');
  const id = repoId(context.ref);
  const page = `${context.endpoint}/${id}`;
  const tokenPage = `${context.endpoint}/settings/tokens`;
  if (code === 'GatedRepo') {
    return refusal(
      context.tokenGiven
        ? `${id} is a gated model and the token's account has no access yet: open ${page}, accept its conditions (some need the author's approval), then try again.`
        : `${id} is a gated model: open ${page}, accept its conditions, then give a Hugging Face access token (read access, from ${tokenPage}) of that account.`,
    );
  }
  if (code === 'RevisionNotFound') {
    return refusal(`${id} has no revision "${context.ref.revision}" on the Hub (a branch, tag or commit): check it, or leave it out to use "main".`);
  }
  if (code === 'EntryNotFound' || (status === 404 && !code && context.path)) {
    return refusal(`${id} has no file ${context.path ?? ''} at ${context.ref.revision}: the repo changed or its listing is incomplete; try loading it again.`);
  }
  if (code === 'RepoNotFound' || status === 404) {
    return refusal(
      `There is no model ${id} on ${context.endpoint}: check the spelling. ` +
        (context.tokenGiven ? 'If it is private, the token given cannot read it.' : 'If it is private, give a Hugging Face access token that can read it.'),
    );
  }
  if (status === 401 || status === 403) {
    return refusal(
      context.tokenGiven
        ? `The Hub refused the token for ${id} (HTTP ${status}): it may be expired or lack read access; make a new one at ${tokenPage}.`
        : `The Hub asks for a login to read ${id} (HTTP ${status}): give a Hugging Face access token (read access, from ${tokenPage}).`,
    );
  }
  return refusal(`The Hub refused to serve ${id}${context.path ? `/${context.path}` : ''} (HTTP ${status}).`);
}

/** A network failure before any answer: no connection, DNS, a firewall, CORS. */
export function hubUnreachable(endpoint: string, cause: unknown): EngineError {
  return new EngineError(
    'missing-file',
    `Could not reach the Hugging Face Hub at ${endpoint} (${describe(cause)}). Check the connection; behind a company firewall, huggingface.co and *.hf.co must be allowed.`,
    { cause },
  );
}

/** The Hub took the request but sent no (whole) answer in time. */
export function hubSilent(endpoint: string, timeoutMs: number): EngineError {
  return new EngineError(
    'missing-file',
    `The Hugging Face Hub at ${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} s. Check the connection, then load the model again.`,
  );
}

/** An answer that is neither a refusal nor what the Hub sends: a busy Hub (5xx) or a wrong endpoint. */
export function hubAnswerNotUnderstood(url: string, why: string): EngineError {
  return new EngineError('missing-file', `${url} did not answer as the Hugging Face Hub does (${why}). If the Hub is busy, try again in a minute; otherwise check the Hub address.`);
}

export function hubCancelled(): EngineError {
  return new EngineError('cancelled', 'Loading the model was cancelled.');
}

function refusal(message: string): EngineError {
  return new EngineError('missing-file', message);
}
