// Builds the two files Figma loads: dist/plugin.js (main thread, an IIFE for Figma's sandbox, no DOM)
// and dist/ui.html (the window: JS and CSS inlined, because Figma loads the UI as one HTML string).
// `node esbuild.config.mjs` builds once, minified; `--watch` rebuilds on change with inline sourcemaps.
import * as esbuild from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const outdir = 'dist';

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
  plugins: [{ name: 'inline-into-html', setup: (build) => build.onEnd(writeUiHtml) }],
};

/** Joins the UI bundle's JS and CSS into dist/ui.html. */
async function writeUiHtml(result) {
  if (result.errors.length > 0) return;
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  await writeFile(`${outdir}/ui.html`, uiHtml(js, css));
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
