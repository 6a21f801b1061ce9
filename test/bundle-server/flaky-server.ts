/**
 * An HTTP server for download tests that misbehaves on purpose: drops the connection part-way
 * through a body, throttles, stalls, flips bytes, answers 5xx/429/404, ignores Range (200 with the
 * whole file) and answers 416 past the end. Files are served from in-memory maps on 127.0.0.1, with
 * `Access-Control-Allow-Origin: *` so a null-origin iframe can fetch them. Every request is logged,
 * so a test can assert what went over the wire (e.g. "no model file was fetched the second time").
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeChunk } from './write-chunk.js';

export interface Misbehaviour {
  /** Answer with this status and no body (e.g. 503, 429, 404). */
  status?: number;
  /** With status 429/503: a Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Send this many body bytes, then destroy the socket. */
  dropAfter?: number;
  /** Send this many body bytes, then go silent (the socket stays open). */
  stallAfter?: number;
  /** Pace the body to about this rate. */
  bytesPerSecond?: number;
  /** Flip the byte at this offset of the file (absolute, so it hits whichever response covers it). */
  corruptAt?: number;
  /** Answer 200 with the whole file even when a Range was asked for. */
  ignoreRange?: boolean;
}

export interface RequestInfo {
  path: string;
  /** How many requests for this path came before (0 for the first). */
  index: number;
  /** Start of a `Range: bytes=N-` request. */
  rangeStart?: number;
}

export interface LoggedRequest extends RequestInfo {
  status: number;
  range?: string;
  bytesSent: number;
}

export interface FlakyServerOptions {
  mounts: readonly { at: string; files: ReadonlyMap<string, Uint8Array | string> }[];
  /** Decide, per request, how to misbehave (nothing: serve it properly). */
  plan?: (request: RequestInfo) => Misbehaviour | undefined;
  /** Access-Control-Expose-Headers for Content-Range (default true); false is a stingy CDN. */
  exposeHeaders?: boolean;
  chunkBytes?: number;
}

export interface FlakyServer {
  readonly origin: string;
  readonly log: LoggedRequest[];
  /** Replace the plan between phases of a test. */
  setPlan(plan: FlakyServerOptions['plan']): void;
  close(): Promise<void>;
}

export async function startFlakyServer(options: FlakyServerOptions): Promise<FlakyServer> {
  let plan = options.plan;
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  const chunkBytes = options.chunkBytes ?? 16 * 1024;

  const lookup = (path: string): Uint8Array | undefined => {
    for (const mount of options.mounts) {
      const prefix = mount.at.endsWith('/') ? mount.at : `${mount.at}/`;
      if (!path.startsWith(prefix)) continue;
      const hit = mount.files.get(path.slice(prefix.length));
      if (hit !== undefined) return typeof hit === 'string' ? new TextEncoder().encode(hit) : hit;
    }
    return undefined;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const headers: Record<string, string> = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'Range',
      'Cache-Control': 'no-store',
      'Accept-Ranges': 'bytes',
      'Content-Type': path.endsWith('.html') ? 'text/html; charset=utf-8' : path.endsWith('.js') || path.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream',
    };
    if (options.exposeHeaders !== false) headers['Access-Control-Expose-Headers'] = 'Content-Range, Content-Length';
    if (request.method === 'OPTIONS') return void response.writeHead(204, headers).end();

    const index = counts.get(path) ?? 0;
    counts.set(path, index + 1);
    const range = request.headers.range;
    const rangeMatch = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
    const info: RequestInfo = { path, index, ...(rangeMatch ? { rangeStart: Number(rangeMatch[1]) } : {}) };
    const entry: LoggedRequest = { ...info, status: 0, bytesSent: 0, ...(range ? { range } : {}) };
    log.push(entry);
    const how = plan?.(info) ?? {};

    const file = lookup(path);
    if (how.status !== undefined) {
      if (how.retryAfterSeconds !== undefined) headers['Retry-After'] = String(how.retryAfterSeconds);
      entry.status = how.status;
      return void response.writeHead(how.status, headers).end();
    }
    if (!file) {
      entry.status = 404;
      return void response.writeHead(404, headers).end(`not found: ${path}`);
    }
    let start = 0;
    let end = file.byteLength; // exclusive
    let status = 200;
    if (rangeMatch && !how.ignoreRange) {
      start = Number(rangeMatch[1]);
      if (rangeMatch[2]) end = Math.min(end, Number(rangeMatch[2]) + 1);
      if (start >= file.byteLength) {
        entry.status = 416;
        return void response.writeHead(416, { ...headers, 'Content-Range': `bytes */${file.byteLength}` }).end();
      }
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end - 1}/${file.byteLength}`;
    }
    headers['Content-Length'] = String(end - start);
    entry.status = status;
    response.writeHead(status, headers);

    for (let at = start; at < end; at += chunkBytes) {
      let chunk = file.subarray(at, Math.min(end, at + chunkBytes));
      if (how.corruptAt !== undefined && how.corruptAt >= at && how.corruptAt < at + chunk.byteLength) {
        chunk = new Uint8Array(chunk);
        chunk[how.corruptAt - at]! ^= 0xff;
      }
      const sentBefore = at - start;
      for (const [limit, action] of [[how.dropAfter, 'drop'], [how.stallAfter, 'stall']] as const) {
        if (limit !== undefined && sentBefore + chunk.byteLength > limit) {
          const part = chunk.subarray(0, Math.max(0, limit - sentBefore));
          if (part.byteLength > 0) await writeChunk(response, part);
          entry.bytesSent += part.byteLength;
          if (action === 'drop') {
            // Let the partial bytes leave before the reset, as a real dropped connection would.
            await new Promise((resolve) => setTimeout(resolve, 20));
            response.socket?.destroy();
          }
          return; // a stall: never end the response; the client gives up
        }
      }
      await writeChunk(response, chunk);
      entry.bytesSent += chunk.byteLength;
      if (how.bytesPerSecond) await new Promise((resolve) => setTimeout(resolve, (chunk.byteLength / how.bytesPerSecond!) * 1000));
      if (response.destroyed) return;
    }
    response.end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    setPlan: (next) => {
      plan = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
