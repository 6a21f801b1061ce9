#!/usr/bin/env node
/**
 * Serves folders as a local Hugging Face Hub (see hub-stand-in.ts):
 *
 *   node test/hub-server/serve-hub.mjs <root> [port]     # root/<owner>/<name>/… is revision "main"
 *
 * With a port, the storage host listens on the next one (fixed ports for a manifest's devAllowedDomains).
 * Prints the endpoint (use it as HF_ENDPOINT, or as the plugin's Hub endpoint) and serves until stopped.
 * Also importable by the harness: `const hub = await startHubStandIn({ root, port: 0 })`.
 * Node 20 runs no TypeScript, so the stand-in is bundled with esbuild in memory first.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export async function startHubStandIn(options) {
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./hub-stand-in.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
  return module.startHubStandIn(options);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [root, port] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node test/hub-server/serve-hub.mjs <root> [port]   (root/<owner>/<name>/… is a repo)');
    process.exit(2);
  }
  const hubPort = Number(port ?? 0);
  const hub = await startHubStandIn({ root: resolve(root), port: hubPort, storagePort: hubPort ? hubPort + 1 : 0 });
  console.log(`Hub stand-in for ${resolve(root)}: HF_ENDPOINT=${hub.endpoint} (storage host ${hub.storageOrigin})`);
  process.on('SIGINT', () => void hub.close().then(() => process.exit(0)));
}
