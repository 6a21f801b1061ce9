// `npm run bench:webgpu-node -- [flags]`: builds bench/gpu/webgpu-node.ts (see there for the flags) and runs it with
// this repository's node_modules. For a GPU machine without them: npm run bench:gpu:prepare, then carry
// bench/gpu/prebuilt/ and run node bench/gpu/prebuilt/webgpu-node/webgpu-node.mjs there.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildWebgpuNode } from './build-webgpu-node.mjs';

const outDir = resolve('node_modules/.cache/powerpaint-bench/webgpu-node');
await buildWebgpuNode(outDir, false);
const run = spawnSync(process.execPath, [`${outDir}/webgpu-node.mjs`, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, POWERPAINT_REPO: process.cwd() } });
process.exit(run.status ?? 1);
