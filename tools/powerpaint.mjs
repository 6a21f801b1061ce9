#!/usr/bin/env node
// `npm run powerpaint -- <command> ...`: bundles tools/cli/main.ts with esbuild (Node 20 runs no
// TypeScript) into node_modules/.cache, so its package imports resolve, and runs it. The first Ctrl-C
// stops the run between steps (exit code 130); a second one ends the process at once.
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}node_modules/.cache/powerpaint/powerpaint-cli.mjs`;
// Built beside it and renamed: another run starting at the same moment never imports a half-written file.
const building = `${outfile}.${process.pid}.tmp.mjs`;
mkdirSync(`${root}node_modules/.cache/powerpaint`, { recursive: true });
await build({
  entryPoints: [`${root}tools/cli/main.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: building,
  logLevel: 'warning',
});
renameSync(building, outfile);
const { main, processIo } = await import(pathToFileURL(outfile).href);
// npm runs scripts in the package's folder; paths on the command line are meant from where it was typed.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});
process.exitCode = await main(process.argv.slice(2), processIo(stop.signal));
