/**
 * A tiny static HTTP server on 127.0.0.1 (random port) for browser tests: folders and in-memory files
 * (e.g. `buildTinyBundle()`'s map) mounted at URL prefixes.
 *
 * Every response carries `Access-Control-Allow-Origin: *`, because a sandboxed (null-origin) iframe,
 * as Figma's UI is, can only fetch with it. `isolated: true` adds COOP/COEP/CORP to every response,
 * including ORT's worker .mjs, which needs COEP itself or wasm threads hang.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export type Mount =
  | { at: string; dir: string }
  | { at: string; files: ReadonlyMap<string, Uint8Array | string> };

export interface StaticServerOptions {
  mounts: readonly Mount[];
  /** Cross-origin isolate every page (SharedArrayBuffer, wasm threads). */
  isolated?: boolean;
}

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

async function lookup(mounts: readonly Mount[], path: string): Promise<Uint8Array | string | undefined> {
  for (const mount of mounts) {
    const prefix = mount.at.endsWith('/') ? mount.at : `${mount.at}/`;
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if ('files' in mount) {
      const hit = mount.files.get(rest);
      if (hit !== undefined) return hit;
      continue;
    }
    const root = resolve(mount.dir);
    const target = resolve(join(root, rest));
    if (target !== root && !target.startsWith(root + sep)) continue; // no ../ escapes
    const info = await stat(target).catch(() => undefined);
    if (info?.isFile()) return readFile(target);
  }
  return undefined;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const headers: Record<string, string> = {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    };
    if (options.isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
    }
    lookup(options.mounts, path).then(
      (body) => {
        if (body === undefined) {
          response.writeHead(404, headers).end(`not found: ${path}`);
        } else {
          response.writeHead(200, headers).end(body);
        }
      },
      (error: unknown) => response.writeHead(500, headers).end(String(error)),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }),
  };
}
