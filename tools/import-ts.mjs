// Node 20 runs no TypeScript: a tool's entry is bundled with esbuild into node_modules/.cache (packages stay
// external, so onnxruntime finds its files next to itself) and imported from there.
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports the repo-relative TypeScript `entry` as a module, built to node_modules/.cache/powerpaint/`name`.mjs. */
export async function importTs(entry, name) {
  const outfile = `${root}node_modules/.cache/powerpaint/${name}.mjs`;
  // Built beside it and renamed: another run starting at the same moment never imports a half-written file.
  const building = `${outfile}.${process.pid}.tmp.mjs`;
  mkdirSync(`${root}node_modules/.cache/powerpaint`, { recursive: true });
  await build({ entryPoints: [`${root}${entry}`], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: building, logLevel: 'warning' });
  renameSync(building, outfile);
  return import(pathToFileURL(outfile).href);
}
