/**
 * buildTinyBundle runs in a browser too (no node: imports, WebCrypto hashes) and builds the very same
 * bytes there: the manifest holds every other file's sha256, so equal manifests mean equal bundles.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { expect, test } from 'vitest';
import { launchChromium } from '../browser/support/chromium.js';
import { startStaticServer } from '../browser/support/static-server.js';
import { buildTinyBundle, MANIFEST_PATH, type TinyBundleOptions } from './tiny-bundle.js';

const OPTIONS: TinyBundleOptions[] = [{}, { inputIdsType: 'int64', timestepType: 'float32', timestepShape: 'scalar', vaeEncoderChannels: 8, taskTokens: false }];

test('buildTinyBundle in Chromium gives the same bytes as in Node', async () => {
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./tiny-bundle.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const script = built.outputFiles[0]?.contents;
  if (!script) throw new Error('esbuild produced nothing');
  const server = await startStaticServer({
    mounts: [{ at: '/', files: new Map<string, Uint8Array | string>([['tiny-bundle.mjs', script], ['index.html', '<!doctype html><title>tiny bundle</title>']]) }],
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    // A string, not a function: vitest rewrites import() inside functions it compiles.
    const manifests = (await page.evaluate(`(async () => {
      const { buildTinyBundle } = await import(${JSON.stringify(`${server.origin}/tiny-bundle.mjs`)});
      const out = [];
      for (const options of ${JSON.stringify(OPTIONS)}) {
        out.push(new TextDecoder().decode((await buildTinyBundle(options)).get(${JSON.stringify(MANIFEST_PATH)})));
      }
      return out;
    })()`)) as string[];
    for (const [i, options] of OPTIONS.entries()) {
      const node = new TextDecoder().decode((await buildTinyBundle(options)).get(MANIFEST_PATH));
      expect(manifests[i]).toBe(node);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
