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
 * Hosted-UI mode (HOSTED_UI=1, or `hostedUi: true`): the server also listens on a second, free port and
 * builds the plugin with esbuild.config.mjs into a temporary folder, with POWERPAINT_UI_URL =
 * http://localhost:<second port>/hosted/: another origin than the page's, as a hosted UI is not Figma's,
 * but the same site (Playwright's Chromium runs without storage partitioning, so a cross-site iframe would
 * get no storage at all; a real browser partitions it). Both ports serve the same routes. It serves
 * that build's plugin.js, its redirect stub as /dist/ui.html (with `X-Harness-Ui: hosted`, so the page
 * lets the iframe keep the origin it navigates to), and the full window as /hosted/index.html; any other
 * /hosted/<path> is /<path> (the window's relative tiny-bundle/ and repo/ URLs).
 *
 * Also importable: `const { url, close } = await startHarnessServer({ port: 0 })`.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { startHubStandIn } from '../hub-server/serve-hub.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

/**
 * The catalog's Hugging Face repos as the harness's local Hub stand-in serves them: tiny diffusers
 * pipelines saved with save_pretrained (test/fixtures/hub-repos), under the ids the catalog names, and
 * the LoRA Fast fuses (models/engine/speed-presets.ts LCM_LORA): a random LoRA for the tiny PowerPaint's
 * UNet in kohya's layout, the one latent-consistency/lcm-lora-sdv1-5 uses; and the TAESD sharper previews
 * download (models/preview/taesd-source.ts TAESD_REPO): a tiny random AutoencoderTiny.
 */
export const HARNESS_HUB_REPOS = {
  'Sanster/PowerPaint-V1-stable-diffusion-inpainting': 'tiny-pp/powerpaint-v1',
  'stable-diffusion-v1-5/stable-diffusion-inpainting': 'tiny-sd/inpainting-options',
  'latent-consistency/lcm-lora-sdv1-5': 'tiny-lora/random-lora-kohya',
  // The Select tool's model (models/segment/sam-source.ts): the tiny random SAM whose decoder takes boxes too.
  'Xenova/slimsam-77-uniform': 'tiny-sam/slimsam-points-and-boxes',
  'madebyollin/taesd': 'tiny-taesd/taesd',
};
const HUB_ROOT = join(REPO, 'test/fixtures/hub-repos');

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
  const hostedUi = options.hostedUi ?? process.env.HOSTED_UI === '1';
  let pluginJs = options.pluginJs ?? process.env.PLUGIN_JS ?? join(REPO, 'dist/plugin.js');
  let uiHtml = options.uiHtml ?? process.env.UI_HTML ?? join(REPO, 'dist/ui.html');
  /** Hosted mode: the temporary build folder and the full window's file. */
  let hostedOut = null;
  let hostedIndex = null;
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

  // A Hub stand-in (two loopback ports: the Hub and its storage host) for the catalog's Hugging Face
  // entries; the window finds it through /hub-endpoint.json (ui/model/catalog-locations.ts).
  const hub = await startHubStandIn({
    root: HUB_ROOT,
    revisions: Object.fromEntries(Object.entries(HARNESS_HUB_REPOS).map(([id, folder]) => [id, { main: join(HUB_ROOT, folder) }])),
  });
  const routes = {
    '/hub-endpoint.json': () => ({ body: JSON.stringify({ endpoint: hub.endpoint }), type: TYPES['.json'] }),
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
    '/dist/ui.html': () => ({
      file: uiHtml,
      missing: 'dist/ui.html is missing: run `node esbuild.config.mjs` (npm start does).',
      ...(hostedUi && { headers: { 'X-Harness-Ui': 'hosted' } }),
    }),
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

  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status, body, type = TYPES['.txt'], headers = {}) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, HEAD' });
        return res.end();
      }
      // Hosted mode: /hosted/ is the full window; any other /hosted/<path> is /<path>, so the window's
      // relative URLs (tiny-bundle/, repo/node_modules/onnxruntime-web/…) reach the usual mounts.
      const hostedPath = hostedIndex !== null && url.pathname.startsWith('/hosted/');
      const pathname = hostedPath ? url.pathname.slice('/hosted'.length) : url.pathname;
      let target = null;
      const route = routes[pathname];
      if (hostedPath && (pathname === '/' || pathname === '/index.html')) target = { file: hostedIndex };
      else if (route) target = await route();
      else if (pathname.startsWith('/samples/')) target = { file: within(join(HERE, 'samples'), pathname.slice('/samples/'.length)) };
      else if (pathname.startsWith('/repo/')) target = { file: within(REPO, pathname.slice('/repo/'.length)) };
      else if (pathname.startsWith('/tiny-bundle/')) target = await tinyBundleFile(pathname.slice('/tiny-bundle/'.length));
      else if (pathname.startsWith('/tiny-bundle-damaged/')) target = await tinyBundleFile(pathname.slice('/tiny-bundle-damaged/'.length), true);
      if (!target) return send(404, `Not found: ${url.pathname}`);
      if ('body' in target) return send(200, target.body, target.type);
      if (!target.file || !existsSync(target.file) || !(await stat(target.file)).isFile()) {
        return send(404, target.missing ?? `Not found: ${url.pathname}`);
      }
      send(200, await readFile(target.file), TYPES[extname(target.file).toLowerCase()] ?? 'application/octet-stream', target.headers);
    } catch (e) {
      send(500, String(e?.stack ?? e));
    }
  };

  const listen = (server, at) =>
    new Promise((ok, fail) => {
      server.once('error', fail);
      server.listen(at, '127.0.0.1', ok);
    });
  const server = createServer(handle);
  await listen(server, port);
  // Hosted mode: the same routes on a second, free port, for the hosted window's own origin.
  const hostedServer = hostedUi ? createServer(handle) : null;
  if (hostedServer) await listen(hostedServer, 0);
  const closeServers = () => Promise.all([...[server, hostedServer].filter(Boolean).map((s) => new Promise((ok) => s.close(() => ok()))), hub.close()]);
  const url = `http://localhost:${server.address().port}/`;
  let hostedUiUrl;
  if (hostedUi) {
    hostedUiUrl = `http://localhost:${hostedServer.address().port}/hosted/`;
    try {
      hostedOut = await buildHostedUi(hostedUiUrl);
    } catch (error) {
      await build.dispose();
      await closeServers();
      throw error;
    }
    if (options.pluginJs === undefined && process.env.PLUGIN_JS === undefined) pluginJs = join(hostedOut, 'plugin.js');
    if (options.uiHtml === undefined && process.env.UI_HTML === undefined) uiHtml = join(hostedOut, 'ui.html');
    hostedIndex = join(hostedOut, 'hosted/index.html');
  }
  if (!quiet) {
    const manifest = await readManifest();
    console.log(`PowerPaint harness: ${url}`);
    console.log(`  Hub stand-in: ${hub.endpoint} (the catalog's Hugging Face repos: ${Object.keys(HARNESS_HUB_REPOS).join(', ')})`);
    if (hostedUi) console.log(`  hosted UI: ${hostedUiUrl}index.html (built into ${hostedOut})`);
    console.log(`  plugin: ${pluginJs}${existsSync(pluginJs) ? '' : ' (missing)'}`);
    console.log(`  ui:     ${uiHtml}${existsSync(uiHtml) ? '' : ' (missing)'}`);
    console.log(`  menu from ${manifest.source}: ${manifest.menu.filter((m) => m.command).map((m) => m.command).join(', ')}`);
  }
  return {
    url,
    port: server.address().port,
    hub,
    ...(hostedUiUrl !== undefined && { hostedUiUrl }),
    close: async () => {
      await build.dispose();
      await closeServers();
      if (hostedOut !== null) await rm(hostedOut, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the plugin in hosted-UI mode (esbuild.config.mjs, POWERPAINT_UI_URL = `hostedUiUrl`, accepted for
 * a loopback host by its dev escape hatch) into a new temporary folder, and returns that folder.
 */
async function buildHostedUi(hostedUiUrl) {
  const out = await mkdtemp(join(tmpdir(), 'pp-harness-hosted-'));
  try {
    await promisify(execFile)(process.execPath, [join(REPO, 'esbuild.config.mjs')], {
      cwd: REPO,
      env: { ...process.env, POWERPAINT_UI_URL: hostedUiUrl, POWERPAINT_OUT_DIR: out },
    });
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw new Error(`The hosted-UI build failed: ${error?.stderr || error?.message || error}`);
  }
  return out;
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
