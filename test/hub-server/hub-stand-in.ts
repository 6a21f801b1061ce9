/**
 * A local stand-in for the Hugging Face Hub, for tests and the harness: repos are plain folders
 * (`root/<owner>/<name>/…` is revision "main"; other revisions map to other folders) served the way the
 * Hub serves them, as documented and as huggingface_hub reads them:
 *
 * - `GET /api/models/<owner>/<name>/revision/<rev>` → `{ id, sha, siblings: [{ rfilename }] }`;
 * - `GET /api/models/<owner>/<name>/tree/<rev>[/<folder>]?recursive=1` → `[{ type, path, size, oid, lfs? }]`,
 *   in pages linked by `Link: <…>; rel="next"` when `pageSize` is set;
 * - `GET|HEAD /<owner>/<name>/resolve/<rev>/<path>` → small files: 200 with `ETag` and `X-Repo-Commit`;
 *   LFS files (≥ `lfsThreshold`, or weights by name): 302 to a second server, the storage host, with
 *   `X-Linked-Etag: "<sha256>"`, `X-Linked-Size` and `X-Repo-Commit`;
 * - the storage host serves bytes with `Accept-Ranges: bytes` and 206 + `Content-Range` for a Range;
 * - errors carry `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo); a gated
 *   repo answers 401 without a token and 403 with a wrong one, a private one 401 RepoNotFound;
 * - every answer of both hosts has CORS headers, and OPTIONS preflights are answered.
 *
 * A revision may also be given as the commit sha. Every request is logged (what a test asserts was
 * downloaded), and `plan` makes chosen requests fail: a status, bytes that differ from the listed
 * sha256, or a connection dropped after N bytes.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeChunk } from '../bundle-server/write-chunk.js';
import { snapshotFolder, type Snapshot, type SnapshotFile } from './repo-snapshot.js';

export interface HubStandInOptions {
  /** Holds `<owner>/<name>/` folders: each repo's revision "main". */
  root: string;
  /** More revisions: `{ 'owner/name': { fp16: '/abs/folder' } }` (a repo may have only these). */
  revisions?: Record<string, Record<string, string>>;
  /** Files this large or larger are LFS (weights by name always are). Default 10 kB. */
  lfsThreshold?: number;
  /** Repos that need `Authorization: Bearer <token>`. */
  access?: Record<string, { token: string; kind: 'gated' | 'private' }>;
  /** Entries per tree page; default all in one. */
  pageSize?: number;
  /** Decides, per request, how to misbehave (nothing: behave). */
  plan?: (request: PlannedRequest) => Fault | undefined;
  /** The Hub's port and the storage host's; 0 (default) picks a free one. */
  port?: number;
  storagePort?: number;
}

export type RequestKind = 'revision' | 'tree' | 'resolve' | 'storage' | 'preflight' | 'other';

export interface PlannedRequest {
  host: 'hub' | 'storage';
  kind: RequestKind;
  /** `owner/name`, when the URL names a repo. */
  repo?: string;
  /** The file's path in the repo for resolve and storage requests, else the URL's path. */
  path: string;
  /** How many requests of this host for this path came before (0 for the first). */
  index: number;
  /** Start of a `Range: bytes=N-` request. */
  rangeStart?: number;
}

export interface Fault {
  /** Answer with this status and no body. */
  status?: number;
  /** Serve bytes that differ from the file's (its first byte sent is flipped). */
  corrupt?: boolean;
  /** Send this many body bytes, then destroy the socket. */
  dropAfter?: number;
}

export interface LoggedRequest extends PlannedRequest {
  method: string;
  url: string;
  status: number;
  /** The request carried an Authorization header. */
  authorized: boolean;
  bytesSent: number;
}

export interface HubStandIn {
  /** The Hub's base URL, e.g. http://127.0.0.1:41234 (what HF_ENDPOINT would be). */
  readonly endpoint: string;
  readonly storageOrigin: string;
  readonly log: LoggedRequest[];
  /** The requests that read a file's bytes (resolve and storage), for one path or all. */
  downloads(path?: string): LoggedRequest[];
  /** The commit sha a revision serves (content-derived). */
  commitOf(repo: string, revision?: string): Promise<string>;
  setPlan(plan: HubStandInOptions['plan']): void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Range, Content-Type, Accept',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Expose-Headers':
    'X-Repo-Commit, X-Linked-Etag, X-Linked-Size, X-Error-Code, X-Error-Message, ETag, Link, Location, Content-Range, Content-Length, Accept-Ranges',
};

export async function startHubStandIn(options: HubStandInOptions): Promise<HubStandIn> {
  let plan = options.plan;
  const lfsThreshold = options.lfsThreshold ?? 10_000;
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  /** sha256 → file, for the storage host: filled as the Hub redirects to it. */
  const stored = new Map<string, SnapshotFile>();

  const folders = (repo: string): Record<string, string> => {
    const main = join(options.root, ...repo.split('/'));
    return { main, ...options.revisions?.[repo] };
  };
  const snapshot = async (repo: string, revision: string): Promise<Snapshot | 'no-repo' | 'no-revision'> => {
    const known = await existingFolders(folders(repo));
    if (known.size === 0) return 'no-repo';
    const folder = known.get(revision);
    if (folder) return snapshotFolder(folder, lfsThreshold);
    for (const candidate of known.values()) {
      const snap = await snapshotFolder(candidate, lfsThreshold);
      if (snap.commit === revision) return snap;
    }
    return 'no-revision';
  };

  const track = (request: IncomingMessage, host: PlannedRequest['host'], route: Route) => {
    const key = `${host} ${route.path}`;
    const index = counts.get(key) ?? 0;
    counts.set(key, index + 1);
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const planned: PlannedRequest = { host, kind: route.kind, path: route.path, index, ...(route.repo ? { repo: route.repo } : {}), ...(range ? { rangeStart: Number(range[1]) } : {}) };
    const entry: LoggedRequest = { ...planned, method: request.method ?? 'GET', url: request.url ?? '/', status: 0, authorized: Boolean(request.headers.authorization), bytesSent: 0 };
    log.push(entry);
    return { entry, fault: request.method === 'OPTIONS' ? undefined : plan?.(planned) };
  };

  const hub = await listen(options.port ?? 0, async (request, response) => {
    const route = hubRoute(request);
    const { entry, fault } = track(request, 'hub', route);
    const reply = replier(response, entry);
    if (request.method === 'OPTIONS') return reply(204);
    if (fault?.status) return reply(fault.status);
    if (!route.repo || route.kind === 'other') return reply(404, { 'X-Error-Code': 'RepoNotFound' }, 'Not found');
    const refused = checkAccess(options.access?.[route.repo], request.headers.authorization);
    if (refused) return reply(refused.status, { 'X-Error-Code': refused.code }, refused.message);
    const snap = await snapshot(route.repo, route.revision);
    if (snap === 'no-repo') return reply(404, { 'X-Error-Code': 'RepoNotFound' }, 'Repository not found');
    if (snap === 'no-revision') return reply(404, { 'X-Error-Code': 'RevisionNotFound' }, 'Invalid rev id');
    if (route.kind === 'revision') {
      return replyJson(reply, { id: route.repo, modelId: route.repo, sha: snap.commit, private: false, siblings: snap.files.map((file) => ({ rfilename: file.path })) });
    }
    if (route.kind === 'tree') return replyTree(reply, request, snap, route, originOf(hub), options.pageSize);
    const file = snap.files.find((candidate) => candidate.path === route.path);
    if (!file) return reply(404, { 'X-Error-Code': 'EntryNotFound', 'X-Repo-Commit': snap.commit }, 'Entry not found');
    if (file.lfs) {
      stored.set(file.lfs.sha256, file);
      const location = `${originOf(storage)}/lfs/${file.lfs.sha256}?repo=${encodeURIComponent(route.repo)}&path=${encodeURIComponent(file.path)}`;
      return reply(302, {
        Location: location,
        'X-Linked-Etag': `"${file.lfs.sha256}"`,
        'X-Linked-Size': String(file.size),
        'X-Repo-Commit': snap.commit,
        ETag: `"${file.oid}"`,
      });
    }
    return serveBytes(request, response, entry, file, fault, { ETag: `"${file.oid}"`, 'X-Repo-Commit': snap.commit });
  });

  const storage = await listen(options.storagePort ?? 0, async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://storage');
    const sha256 = /^\/lfs\/([0-9a-f]{64})$/.exec(url.pathname)?.[1];
    const file = sha256 ? stored.get(sha256) : undefined;
    const repo = url.searchParams.get('repo');
    const route: Route = { kind: request.method === 'OPTIONS' ? 'preflight' : 'storage', path: file?.path ?? url.pathname, revision: '', ...(repo ? { repo } : {}) };
    const { entry, fault } = track(request, 'storage', route);
    const reply = replier(response, entry);
    if (request.method === 'OPTIONS') return reply(204);
    if (fault?.status) return reply(fault.status);
    if (!file) return reply(404, {}, 'No such object');
    return serveBytes(request, response, entry, file, fault, { ETag: `"${sha256}"` });
  });

  return {
    endpoint: originOf(hub),
    storageOrigin: originOf(storage),
    log,
    downloads: (path) => log.filter((entry) => (entry.kind === 'resolve' || entry.kind === 'storage') && (path === undefined || entry.path === path)),
    async commitOf(repo, revision = 'main') {
      const snap = await snapshot(repo, revision);
      if (typeof snap === 'string') throw new Error(`${repo}@${revision}: ${snap}`);
      return snap.commit;
    },
    setPlan: (next) => {
      plan = next;
    },
    close: async () => {
      await Promise.all([hub, storage].map(closeServer));
    },
  };
}

interface Route {
  kind: RequestKind;
  repo?: string;
  revision: string;
  /** The file path (resolve) or folder (tree) inside the repo; for others, the URL's path. */
  path: string;
}

function hubRoute(request: IncomingMessage): Route {
  const url = new URL(request.url ?? '/', 'http://hub');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (request.method === 'OPTIONS') return { kind: 'preflight', revision: '', path: url.pathname };
  const [api, models, owner, name, action, revision, ...rest] = parts;
  if (api === 'api' && models === 'models' && owner && name && revision && (action === 'revision' || action === 'tree')) {
    return { kind: action, repo: `${owner}/${name}`, revision, path: action === 'tree' ? rest.join('/') : url.pathname };
  }
  const [repoOwner, repoName, resolve, rev, ...file] = parts;
  if (repoOwner && repoName && resolve === 'resolve' && rev && file.length > 0) {
    return { kind: 'resolve', repo: `${repoOwner}/${repoName}`, revision: rev, path: file.join('/') };
  }
  return { kind: 'other', revision: '', path: url.pathname };
}

function checkAccess(rule: { token: string; kind: 'gated' | 'private' } | undefined, authorization: string | undefined) {
  if (!rule || authorization === `Bearer ${rule.token}`) return undefined;
  if (rule.kind === 'private') return { status: 401, code: 'RepoNotFound', message: 'Repository not found' };
  return authorization
    ? { status: 403, code: 'GatedRepo', message: 'Access to this model is restricted: ask for access on its page.' }
    : { status: 401, code: 'GatedRepo', message: 'Access to this model is restricted: you must be authenticated.' };
}

type Reply = (status: number, headers?: Record<string, string>, body?: string) => void;

function replier(response: ServerResponse, entry: LoggedRequest): Reply {
  return (status, headers = {}, body) => {
    entry.status = status;
    response.writeHead(status, { ...CORS, 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  };
}

function replyJson(reply: Reply, value: unknown, headers: Record<string, string> = {}): void {
  reply(200, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value));
}

function replyTree(reply: Reply, request: IncomingMessage, snap: Snapshot, route: Route, origin: string, pageSize: number | undefined): void {
  const url = new URL(request.url ?? '/', origin);
  const recursive = ['1', 'true', 'True'].includes(url.searchParams.get('recursive') ?? '');
  const folder = route.path ? `${route.path}/` : '';
  const inFolder = (path: string) => path.startsWith(folder) && (recursive || !path.slice(folder.length).includes('/'));
  const entries = [
    ...snap.directories.filter((dir) => inFolder(dir.path)).map((dir) => ({ type: 'directory', oid: dir.oid, size: 0, path: dir.path })),
    ...snap.files
      .filter((file) => inFolder(file.path))
      .map((file) => ({
        type: 'file',
        oid: file.oid,
        size: file.size,
        path: file.path,
        ...(file.lfs ? { lfs: { oid: file.lfs.sha256, size: file.size, pointerSize: file.lfs.pointerSize } } : {}),
      })),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  const start = Number(url.searchParams.get('cursor') ?? 0);
  const end = pageSize ? start + pageSize : entries.length;
  const headers: Record<string, string> = {};
  if (end < entries.length) {
    url.searchParams.set('cursor', String(end));
    headers.Link = `<${url.href}>; rel="next"`;
  }
  replyJson(reply, entries.slice(start, end), headers);
}

async function serveBytes(
  request: IncomingMessage,
  response: ServerResponse,
  entry: LoggedRequest,
  file: SnapshotFile,
  fault: Fault | undefined,
  headers: Record<string, string>,
): Promise<void> {
  const reply = replier(response, entry);
  const { size } = await stat(file.absolute);
  const start = entry.rangeStart ?? 0;
  if (start > 0 && start >= size) return reply(416, { 'Content-Range': `bytes */${size}` });
  const partial = entry.rangeStart !== undefined;
  entry.status = partial ? 206 : 200;
  response.writeHead(entry.status, {
    ...CORS,
    ...headers,
    'Cache-Control': 'no-store',
    'Accept-Ranges': 'bytes',
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(size - start),
    ...(partial ? { 'Content-Range': `bytes ${start}-${size - 1}/${size}` } : {}),
  });
  if (request.method === 'HEAD' || size === start) return void response.end();

  for await (const chunk of createReadStream(file.absolute, { start, highWaterMark: 16 << 10 })) {
    let bytes = chunk as Buffer;
    if (fault?.corrupt && entry.bytesSent === 0) {
      bytes = Buffer.from(bytes);
      bytes[0]! ^= 0xff;
    }
    if (fault?.dropAfter !== undefined && entry.bytesSent + bytes.byteLength > fault.dropAfter) {
      const part = bytes.subarray(0, Math.max(0, fault.dropAfter - entry.bytesSent));
      entry.bytesSent += part.byteLength;
      // The reset comes once the partial bytes are flushed, as on a real dropped connection.
      response.write(part, () => response.socket?.destroy());
      return;
    }
    entry.bytesSent += bytes.byteLength;
    await writeChunk(response, bytes);
    if (response.destroyed) return;
  }
  response.end();
}

/** The revisions whose folders exist, by name. */
async function existingFolders(folders: Record<string, string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const [revision, folder] of Object.entries(folders)) {
    if ((await stat(folder).catch(() => undefined))?.isDirectory()) found.set(revision, folder);
  }
  return found;
}

async function listen(port: number, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<Server> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, CORS).end(String(error));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

function originOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
