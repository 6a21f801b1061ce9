#!/usr/bin/env node
/**
 * Dev server for the Figma-like harness page.
 *
 *   node test/harness/serve.mjs            # http://localhost:5174 (PORT to change; PORT=0 picks one)
 *
 * Serves the harness page (bundled from test/harness/page/main.ts with esbuild's JS API at
 * start, rebuilt incrementally on reload), the built plugin (dist/plugin.js, dist/ui.html —
 * `npm start` builds them first), /manifest.json, /samples/*, and /repo/* (read-only files
 * under the repository root, e.g. a generated model bundle or onnxruntime's wasm).
 * Every response carries `Access-Control-Allow-Origin: *`: the plugin UI runs in a null-origin
 * iframe, exactly as in Figma, so its fetches are cross-origin.
 *
 * Overrides (for checking the harness without the real plugin): PLUGIN_JS=/abs/stub.js,
 * UI_HTML=/abs/stub.html.
 *
 * Also importable: `const { url, close } = await startHarnessServer({ port: 0 })`.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

/** Used when manifest.json is missing or has no menu. */
export const FALLBACK_MENU = [
  { name: 'Open PowerPaint', command: 'open' },
  { separator: true },
  { name: 'Remove object', command: 'remove' },
  { name: 'Insert object', command: 'insert' },
  { name: 'Fill shape', command: 'shape' },
  { name: 'Outpaint to frame', command: 'outpaint' },
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function readManifest() {
  const path = join(REPO, 'manifest.json');
  try {
    const m = JSON.parse(await readFile(path, 'utf8'));
    return { name: m.name ?? 'Plugin', id: m.id ?? 'dev', menu: Array.isArray(m.menu) && m.menu.length ? m.menu : FALLBACK_MENU, source: 'manifest.json' };
  } catch {
    return { name: 'PowerPaint', id: 'dev', menu: FALLBACK_MENU, source: 'fallback' };
  }
}

/** Path under `root`, or null if the request tries to leave it. */
function within(root, rel) {
  const p = resolve(root, '.' + sep + decodeURIComponent(rel));
  return p === root || p.startsWith(root + sep) ? p : null;
}

export async function startHarnessServer(options = {}) {
  const port = options.port ?? (process.env.PORT !== undefined ? Number(process.env.PORT) : 5174);
  const pluginJs = options.pluginJs ?? process.env.PLUGIN_JS ?? join(REPO, 'dist/plugin.js');
  const uiHtml = options.uiHtml ?? process.env.UI_HTML ?? join(REPO, 'dist/ui.html');
  const quiet = options.quiet ?? false;

  const build = await esbuild.context({
    entryPoints: [join(HERE, 'page/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    write: false,
    outfile: 'harness.js',
    logLevel: 'silent',
  });
  let bundle = await build.rebuild(); // fail fast at start if the page doesn't build

  const routes = {
    '/': () => ({ file: join(HERE, 'page/index.html') }),
    '/index.html': () => ({ file: join(HERE, 'page/index.html') }),
    '/style.css': () => ({ file: join(HERE, 'page/style.css') }),
    '/harness.js': async () => {
      bundle = await build.rebuild();
      return { body: bundle.outputFiles[0].text, type: TYPES['.js'] };
    },
    '/favicon.ico': () => ({ body: '', type: 'image/x-icon' }),
    '/manifest.json': async () => ({ body: JSON.stringify(await readManifest()), type: TYPES['.json'] }),
    '/dist/plugin.js': () => ({ file: pluginJs, missing: 'dist/plugin.js is missing: run `node esbuild.config.mjs` (npm start does).' }),
    '/dist/ui.html': () => ({ file: uiHtml, missing: 'dist/ui.html is missing: run `node esbuild.config.mjs` (npm start does).' }),
  };

  // The generated tiny model bundle (test/bundle/tiny-bundle.ts), built on first request, for the
  // plugin window's model panel: GET /tiny-bundle/powerpaint.json, /tiny-bundle/unet/model.onnx, …
  // /tiny-bundle-damaged/ serves the same files with one byte of the UNet flipped (fails its sha256).
  let tinyBundle = null;
  const tinyBundleFile = async (path, damaged = false) => {
    tinyBundle ??= buildTinyBundleFiles();
    const name = decodeURIComponent(path);
    let bytes = (await tinyBundle).get(name);
    if (bytes === undefined) return null;
    if (damaged && name === 'unet/model.onnx') {
      bytes = Uint8Array.from(bytes);
      bytes[bytes.length >> 1] ^= 0xff;
    }
    return { body: Buffer.from(bytes), type: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream' };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status, body, type = TYPES['.txt']) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, HEAD' });
        return res.end();
      }
      let target = null;
      const route = routes[url.pathname];
      if (route) target = await route();
      else if (url.pathname.startsWith('/samples/')) target = { file: within(join(HERE, 'samples'), url.pathname.slice('/samples/'.length)) };
      else if (url.pathname.startsWith('/repo/')) target = { file: within(REPO, url.pathname.slice('/repo/'.length)) };
      else if (url.pathname.startsWith('/tiny-bundle/')) target = await tinyBundleFile(url.pathname.slice('/tiny-bundle/'.length));
      else if (url.pathname.startsWith('/tiny-bundle-damaged/')) target = await tinyBundleFile(url.pathname.slice('/tiny-bundle-damaged/'.length), true);
      if (!target) return send(404, `Not found: ${url.pathname}`);
      if ('body' in target) return send(200, target.body, target.type);
      if (!target.file || !existsSync(target.file) || !(await stat(target.file)).isFile()) {
        return send(404, target.missing ?? `Not found: ${url.pathname}`);
      }
      send(200, await readFile(target.file), TYPES[extname(target.file).toLowerCase()] ?? 'application/octet-stream');
    } catch (e) {
      send(500, String(e?.stack ?? e));
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const url = `http://localhost:${server.address().port}/`;
  if (!quiet) {
    const manifest = await readManifest();
    console.log(`PowerPaint harness: ${url}`);
    console.log(`  plugin: ${pluginJs}${existsSync(pluginJs) ? '' : ' (missing)'}`);
    console.log(`  ui:     ${uiHtml}${existsSync(uiHtml) ? '' : ' (missing)'}`);
    console.log(`  menu from ${manifest.source}: ${manifest.menu.filter((m) => m.command).map((m) => m.command).join(', ')}`);
  }
  return {
    url,
    port: server.address().port,
    close: async () => {
      await build.dispose();
      await new Promise((ok) => server.close(() => ok()));
    },
  };
}

/** Bundles test/bundle/tiny-bundle.ts (TypeScript) with esbuild and runs its buildTinyBundle(). */
async function buildTinyBundleFiles() {
  const built = await esbuild.build({
    entryPoints: [join(REPO, 'test/bundle/tiny-bundle.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
  return module.buildTinyBundle();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  startHarnessServer().catch((e) => {
    console.error(e?.errors ? esbuild.formatMessagesSync(e.errors, { kind: 'error' }).join('\n') : e);
    process.exit(1);
  });
}
