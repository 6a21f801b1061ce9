#!/usr/bin/env node
// `npm run bundle:check -- <dir|url>`: bundles models/bundle/check-bundle.node.ts with esbuild (Node 20
// runs no TypeScript) into node_modules/.cache, so its package imports resolve, and runs it.
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}node_modules/.cache/powerpaint/bundle-check.mjs`;
mkdirSync(`${root}node_modules/.cache/powerpaint`, { recursive: true });
await build({
  entryPoints: [`${root}models/bundle/check-bundle.node.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
