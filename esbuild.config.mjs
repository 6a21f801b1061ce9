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
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const outdir = process.env.POWERPAINT_OUT_DIR ?? 'dist';
const hostedUiUrl = process.env.POWERPAINT_UI_URL;
const manifest = JSON.parse(await readFile('manifest.json', 'utf8'));
if (hostedUiUrl !== undefined) checkHostedUiUrl(hostedUiUrl, manifest);

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
  // Figma wants the plugin's id on messages from a hosted (non-null-origin) window.
  define: { __PLUGIN_ID__: JSON.stringify(manifest.id) },
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
