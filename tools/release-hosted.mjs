#!/usr/bin/env node
// `npm run release:hosted -- https://your.host/powerpaint/`: the release build. Figma's own plugin window
// is a null-origin iframe with no storage, so it downloads the model (2.1 GB) every time the plugin opens;
// the hosted window (the same UI served from your https origin) keeps it in the browser's storage and
// downloads it once. This builds both halves with esbuild.config.mjs (which checks the URL is https and
// allowed in manifest.json) and says what goes where.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const url = process.argv[2];
if (!url || url.startsWith('-')) {
  console.error('usage: npm run release:hosted -- https://your.host/powerpaint/   (POWERPAINT_OUT_DIR to build elsewhere than dist/)');
  process.exit(2);
}
const base = url.endsWith('/') ? url : `${url}/`;
const out = resolve(process.env.POWERPAINT_OUT_DIR ?? 'dist');
const built = spawnSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit', env: { ...process.env, POWERPAINT_UI_URL: base, POWERPAINT_OUT_DIR: out } });
if (built.status !== 0) process.exit(built.status ?? 1);

const size = (file) => `${(statSync(file).size / 1024).toFixed(0)} kB`;
const hosted = join(out, 'hosted', 'index.html');
console.log(`
Release for ${base}
  1. Upload ${hosted} (${size(hosted)}) as ${base}index.html, served over https.
     It fetches the model from Hugging Face and onnxruntime's wasm from cdn.jsdelivr.net (both in manifest.json).
  2. Publish the plugin with manifest.json, ${join(out, 'plugin.js')} and ${join(out, 'ui.html')} (a stub that opens ${base}index.html).
The hosted window keeps the model in browser storage: the second open downloads nothing but the repo listing.`);
