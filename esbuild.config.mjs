// Builds the two files Figma loads: dist/plugin.js (main thread, an IIFE for Figma's sandbox, no DOM)
// and dist/ui.html (the window: JS and CSS inlined, because Figma loads the UI as one HTML string).
// `node esbuild.config.mjs` builds once, minified; `--watch` rebuilds on change with inline sourcemaps.
//
// Hosted-UI mode (POWERPAINT_UI_URL=https://host/path/): Figma's UI iframe has a null origin, so no
// model cache and maybe no WebGPU. Figma's documented way out is a UI served from an https origin:
// dist/hosted/index.html is the full window to upload there, and dist/ui.html becomes a stub that
// navigates the iframe to it. The host must be in manifest.json's networkAccess.allowedDomains; for the
// harness only, http://localhost or http://127.0.0.1 (any port) passes when devAllowedDomains lists a
// loopback origin (see isDevLoopbackUrl).
//
// The hosted window must name the plugin on every message (Figma drops a non-null-origin window's messages
// without the plugin's id), so a hosted build bakes in the real id: POWERPAINT_PLUGIN_ID, else manifest.json's
// "id"; it refuses manifest.json's placeholder (see pluginIdFor). It also posts to Figma's origin
// (https://www.figma.com, POWERPAINT_FIGMA_ORIGIN to change) rather than '*' (see parentOriginFor).
//
// A team inference server (POWERPAINT_INFERENCE_SERVER=https://gpu.example.com:8000, docs/inference-server.md):
// Figma lets the window reach only manifest.json's networkAccess.allowedDomains, so the build checks the
// server's origin is there and that the manifest's "reasoning" names it (pictures go to it), and bakes the
// origin into the window as the server it offers (see inferenceServerFor).
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

/** manifest.json's id as this repository ships it: Figma assigns the real one (Plugins › Development › New plugin…). */
const PLACEHOLDER_PLUGIN_ID = 'REPLACE_WITH_FIGMA_PLUGIN_ID';

const watch = process.argv.includes('--watch');
const outdir = process.env.POWERPAINT_OUT_DIR ?? 'dist';
const hostedUiUrl = process.env.POWERPAINT_UI_URL;
const manifest = JSON.parse(await readFile('manifest.json', 'utf8'));
const devBuild = hostedUiUrl !== undefined && isDevLoopbackUrl(hostedUiUrl, manifest.networkAccess);
if (hostedUiUrl !== undefined) checkHostedUiUrl(hostedUiUrl, manifest);
const pluginId = pluginIdFor(manifest, process.env.POWERPAINT_PLUGIN_ID);
const parentOrigin = parentOriginFor(process.env.POWERPAINT_FIGMA_ORIGIN);
const inferenceServer = inferenceServerFor(process.env.POWERPAINT_INFERENCE_SERVER, manifest.networkAccess);

const shared = {
  bundle: true,
  format: 'iife',
  logLevel: 'info',
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
};

/** @type {esbuild.BuildOptions} */
const pluginBuild = {
  ...shared,
  entryPoints: ['plugin/main.ts'],
  outfile: `${outdir}/plugin.js`,
  platform: 'neutral',
  // Figma's main-thread sandbox has lagged behind browsers: stay on syntax it has long supported.
  target: 'es2017',
};

/** @type {esbuild.BuildOptions} */
const uiBuild = {
  ...shared,
  entryPoints: ['ui/main.tsx'],
  outdir,
  platform: 'browser',
  target: ['chrome110', 'safari16', 'firefox115'],
  write: false,
  // Figma wants the plugin's id on messages from a hosted (non-null-origin) window, posted to its origin.
  define: {
    __PLUGIN_ID__: JSON.stringify(pluginId),
    __PARENT_ORIGIN__: JSON.stringify(parentOrigin),
    __INFERENCE_SERVER__: JSON.stringify(inferenceServer),
  },
  plugins: [{ name: 'inline-into-html', setup: (build) => build.onEnd(writeUiHtml) }],
};

/** Joins the UI bundle's JS and CSS into dist/ui.html. */
async function writeUiHtml(result) {
  if (result.errors.length > 0) return;
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  if (hostedUiUrl === undefined) {
    await writeFile(`${outdir}/ui.html`, uiHtml(js, css));
    return;
  }
  await mkdir(`${outdir}/hosted`, { recursive: true });
  await writeFile(`${outdir}/hosted/index.html`, uiHtml(js, css));
  await writeFile(`${outdir}/ui.html`, redirectHtml(new URL('index.html', hostedUiUrl).href));
}

function redirectHtml(url) {
  return `<!doctype html><meta charset="utf-8"><script>window.location.href = ${JSON.stringify(url)};</script>\n`;
}

function checkHostedUiUrl(url, { networkAccess }) {
  const { protocol, origin } = new URL(url);
  if (isDevLoopbackUrl(url, networkAccess)) {
    console.warn(`POWERPAINT_UI_URL ${url} is a local development server: this build is for the harness, not for publishing.`);
    return;
  }
  if (protocol !== 'https:') throw new Error(`POWERPAINT_UI_URL must be https (a secure context), not ${url}.`);
  if (!(networkAccess?.allowedDomains ?? []).includes(origin)) {
    throw new Error(`Add ${origin} to manifest.json's networkAccess.allowedDomains, or Figma will not load the hosted UI.`);
  }
}

/**
 * The plugin id the window sends with its messages: POWERPAINT_PLUGIN_ID, else manifest.json's "id". Figma drops a
 * hosted window's messages whose pluginId is not the plugin's, so a hosted release build refuses an id that
 * Figma cannot have assigned: the placeholder, or anything but the number Figma gives ("737805260747778092").
 * Figma loads the plugin under manifest.json's id, so an id given here must be the one manifest.json will carry
 * when published. The null-origin window (no hosted UI) doesn't need the id, and the harness's loopback build
 * may keep the placeholder.
 */
function pluginIdFor(manifest, fromEnv) {
  const given = fromEnv?.trim();
  const id = given || manifest.id;
  if (hostedUiUrl === undefined || devBuild) return typeof id === 'string' ? id : '';
  const where =
    `Put the plugin's id (Figma assigns it: Plugins › Development › New plugin…, or the id of the published plugin) ` +
    `in manifest.json's "id", or set POWERPAINT_PLUGIN_ID=<id> for this build.`;
  if (typeof id !== 'string' || id === '' || id === PLACEHOLDER_PLUGIN_ID) {
    const source = given ? 'POWERPAINT_PLUGIN_ID' : `manifest.json's "id"`;
    throw new Error(
      `${source} is ${JSON.stringify(id ?? null)}, a placeholder, not the plugin's id: the hosted window sends the id with ` +
        `every message, and Figma drops messages that carry another. ${where}`,
    );
  }
  if (!/^\d+$/.test(id)) {
    throw new Error(`The plugin id ${JSON.stringify(id)}${given ? ' (POWERPAINT_PLUGIN_ID)' : ''} is not a Figma plugin id (a number such as 737805260747778092). ${where}`);
  }
  if (given && manifest.id !== given && manifest.id !== PLACEHOLDER_PLUGIN_ID) {
    throw new Error(
      `POWERPAINT_PLUGIN_ID is ${given} but manifest.json's "id" is ${manifest.id}: Figma loads the plugin under manifest.json's ` +
        `id and would drop the hosted window's messages sent under the other. Make them the same.`,
    );
  }
  if (given && manifest.id === PLACEHOLDER_PLUGIN_ID) {
    console.warn(`manifest.json's "id" is still ${PLACEHOLDER_PLUGIN_ID}: publish the plugin with "id": "${given}" there, the id this build sends.`);
  }
  return id;
}

/**
 * Where the window posts its messages (image bytes included), defined as __PARENT_ORIGIN__ (ui/plugin-channel.ts):
 * - Figma's own null-origin window (no POWERPAINT_UI_URL): '*', as Figma's docs write it for that window;
 * - a hosted window: Figma's origin, https://www.figma.com, as Figma's docs write it for a non-null-origin
 *   window (POWERPAINT_FIGMA_ORIGIN, an https origin, to change it);
 * - the harness's loopback build: 'parent', the parent's origin as the browser reports it
 *   (location.ancestorOrigins), because the harness page's port is picked when its server starts.
 * Where it is an origin, the window also accepts only messages from that origin.
 */
function parentOriginFor(fromEnv) {
  if (hostedUiUrl === undefined) return '*';
  if (fromEnv !== undefined && fromEnv !== '') {
    const { protocol, origin } = new URL(fromEnv);
    if (protocol !== 'https:' && !devBuild) throw new Error(`POWERPAINT_FIGMA_ORIGIN must be an https origin, not ${fromEnv}.`);
    return origin;
  }
  return devBuild ? 'parent' : 'https://www.figma.com';
}

/**
 * The inference server's origin the window offers ('' when the build names none). Pictures travel to it, so
 * it must be https (the harness's loopback servers excepted, as for the hosted UI), in allowedDomains, and
 * named in networkAccess.reasoning, which Figma shows to reviewers and people installing the plugin.
 */
function inferenceServerFor(url, networkAccess) {
  if (url === undefined || url === '') return '';
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`POWERPAINT_INFERENCE_SERVER must be the server's URL (https://host:port), not ${url}.`);
  }
  if (isDevLoopbackUrl(url, networkAccess)) {
    console.warn(`POWERPAINT_INFERENCE_SERVER ${url} is a local server: this build is for the harness, not for publishing.`);
    return parsed.origin;
  }
  if (parsed.protocol !== 'https:') throw new Error(`POWERPAINT_INFERENCE_SERVER must be https (pictures travel to it), not ${url}.`);
  if (!(networkAccess?.allowedDomains ?? []).includes(parsed.origin)) {
    throw new Error(`Add ${parsed.origin} to manifest.json's networkAccess.allowedDomains, or Figma will block the inference server.`);
  }
  if (!(networkAccess?.reasoning ?? '').includes(parsed.host)) {
    throw new Error(`Say in manifest.json's networkAccess.reasoning that pictures are sent to ${parsed.host} when the inference server is on: Figma shows it to the people installing the plugin.`);
  }
  return parsed.origin;
}

/**
 * The development escape hatch (the harness, test/harness/serve.mjs HOSTED_UI=1): an http URL on the loopback
 * host (localhost or 127.0.0.1, which browsers treat as a secure context) is accepted when manifest.json's
 * networkAccess.devAllowedDomains lists an http loopback origin, on any port: the harness's test servers pick
 * free ports, and the loopback host is what devAllowedDomains vouches for. Figma itself only honours
 * devAllowedDomains for plugins in development, so such a build is never one to publish.
 */
function isDevLoopbackUrl(url, networkAccess) {
  const { protocol, hostname } = new URL(url);
  const loopback = (host) => host === 'localhost' || host === '127.0.0.1';
  if (protocol !== 'http:' || !loopback(hostname)) return false;
  return (networkAccess?.devAllowedDomains ?? []).some((domain) => {
    try {
      const allowed = new URL(domain);
      return allowed.protocol === 'http:' && loopback(allowed.hostname);
    } catch {
      return false;
    }
  });
}

// A literal "</script" or "</style" inside the inlined code would end the element early. In JS it can
// only sit in a string, template, regex or comment, and in CSS in a string: "<\/" means the same in each.
const escapeClosingTag = (code, tag) => code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

function uiHtml(js, css) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>PowerPaint</title>
<style>${escapeClosingTag(css, 'style')}</style>
</head>
<body>
<div id="app"></div>
<script>${escapeClosingTag(js, 'script')}</script>
</body>
</html>
`;
}

await mkdir(outdir, { recursive: true });
if (watch) {
  const contexts = await Promise.all([esbuild.context(pluginBuild), esbuild.context(uiBuild)]);
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all([esbuild.build(pluginBuild), esbuild.build(uiBuild)]);
}
