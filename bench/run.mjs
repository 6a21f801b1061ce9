// `npm run bench` (and `npm run bench:gpu`'s generator): Node 20 cannot run TypeScript, so esbuild
// bundles the entry into node_modules/.cache (packages stay external: onnxruntime-web must find its
// wasm next to itself) and Node runs it. Usage: node bench/run.mjs [entry.ts] [flags for the entry]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const [maybeEntry, ...rest] = process.argv.slice(2);
const entry = maybeEntry?.endsWith('.ts') ? maybeEntry : 'bench/main.ts';
const flags = maybeEntry?.endsWith('.ts') ? rest : process.argv.slice(2);
const outdir = resolve('node_modules/.cache/powerpaint-bench');
mkdirSync(outdir, { recursive: true });
const outfile = `${outdir}/${basename(entry, '.ts')}.mjs`;
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning', target: 'node20' });
const run = spawnSync(process.execPath, [outfile, ...flags], { stdio: 'inherit', env: { ...process.env, POWERPAINT_REPO: process.cwd() } });
process.exit(run.status ?? 1);
