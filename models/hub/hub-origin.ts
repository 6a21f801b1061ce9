import { originFromUrl, type ByteOrigin } from '../bundle/byte-origin.js';
import { authHeaders, fetchOf, hubEndpoint, type HubAccess } from './hub-access.js';
import { hubRefusal } from './hub-errors.js';
import { repoId, type HubRepoRef } from './repo-ref.js';

/**
 * A repo's files at one commit, for the bundle downloader: `{endpoint}/{owner}/{name}/resolve/{commit}/{path}`.
 * The Hub answers large files with a redirect to its storage host, which fetch follows; the Range header
 * of a resumed download goes along, and the token does not (fetch drops Authorization on a redirect to
 * another origin). Pinning the commit, not the branch, keeps every file of one load from one version.
 */
export function hubOrigin(ref: HubRepoRef, commit: string, access: HubAccess = {}): ByteOrigin {
  const endpoint = hubEndpoint(access.endpoint);
  const pinned = { ...ref, revision: commit };
  return originFromUrl(`${endpoint}/${repoId(ref)}/resolve/${commit}/`, fetchOf(access), {
    label: `${endpoint}/${repoId(ref)} at ${commit.slice(0, 12)}`,
    headers: authHeaders(access.token),
    explainRefusal: (response, path) => hubRefusal(response, { ref: pinned, endpoint, tokenGiven: Boolean(access.token), path }),
  });
}

