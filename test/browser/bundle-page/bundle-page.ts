// Runs the bundle loader in a page (or a sandboxed srcdoc iframe) for test/browser/bundle-cache.test.ts.
// Bundled by esbuild at test time; everything it returns is plain data.
import { cacheUsage, memoryCache } from '../../../models/bundle/bundle-cache.js';
import { bundleFromFolder } from '../../../models/bundle/folder-source.js';
import { loadBundle } from '../../../models/bundle/load-bundle.js';
import { openBundleCache, type PersistentKind } from '../../../models/bundle/open-bundle-cache.js';
import { loadOrtWasm } from '../../../models/bundle/ort-assets.js';
import { PowerPaintEngine } from '../../../models/engine/powerpaint-engine.js';
import { gradientImage, rectMask } from '../../engine/fixtures-pixels.js';

interface LoadConfig {
  bundleUrl: string;
  prefer?: PersistentKind[];
  retries?: number;
  clear?: boolean;
}

async function cachedLoad(config: LoadConfig) {
  const report = await openBundleCache(config.prefer ? { prefer: config.prefer, persist: false } : { persist: false });
  if (config.clear) await report.cache.clear();
  try {
    const loaded = await loadBundle({
      from: config.bundleUrl,
      cache: report.cache,
      retry: { retries: config.retries ?? 6, baseDelayMs: 20 },
    });
    // Read every file back through the source, as the engine would.
    let bytes = 0;
    for (const file of loaded.manifest.files) bytes += (await loaded.source.read(file.path)).byteLength;
    return { kind: report.cache.kind, downloaded: loaded.downloaded, fromCache: loaded.fromCache, bytes, usage: await cacheUsage(report.cache) };
  } catch (error) {
    return { kind: report.cache.kind, error: String((error as Error).message) };
  }
}

async function clearCache(prefer: PersistentKind[]) {
  const report = await openBundleCache({ prefer, persist: false });
  await report.cache.clear();
  return cacheUsage(report.cache);
}

/** The storage report, then a whole run with ORT's wasm passed as verified bytes (no wasmPaths). */
async function nullOriginRun(config: { bundleUrl: string; ortBaseUrl: string }) {
  const report = await openBundleCache();
  const { wasmBinary } = await loadOrtWasm({ baseUrl: config.ortBaseUrl, cache: report.cache });
  const loaded = await loadBundle({ from: config.bundleUrl, cache: report.cache });
  const engine = await PowerPaintEngine.load(loaded.source, { backend: 'wasm', verify: false, assets: { wasmBinary } });
  try {
    const result = await engine.run({ image: gradientImage(64, 64), mask: rectMask(64, 64, 8, 8, 40, 40), task: 'remove', steps: 2, seed: 3 });
    return {
      origin: report.origin,
      nullOrigin: report.nullOrigin,
      secureContext: report.secureContext,
      kind: report.cache.kind,
      description: report.cache.description,
      tried: report.tried,
      advice: report.advice,
      deferred: loaded.deferred.length,
      pixels: result.variations[0]!.image.data.length,
    };
  } finally {
    await engine.release();
  }
}

/** Loads a bundle from the files of `<input type="file" webkitdirectory id="folder">`. */
async function folderRun(config: { ortBaseUrl: string }) {
  const input = document.getElementById('folder') as HTMLInputElement;
  const folder = bundleFromFolder(input.files!);
  const loaded = await loadBundle({ from: folder, cache: memoryCache() });
  const { wasmBinary } = await loadOrtWasm({ baseUrl: config.ortBaseUrl });
  const engine = await PowerPaintEngine.load(loaded.source, { backend: 'wasm', verify: false, assets: { wasmBinary } });
  try {
    const result = await engine.run({ image: gradientImage(64, 64), mask: rectMask(64, 64, 8, 8, 40, 40), task: 'remove', steps: 2, seed: 3 });
    return { label: folder.label, files: input.files!.length, paths: [...folder.files.keys()].sort(), pixels: result.variations[0]!.image.data.length };
  } finally {
    await engine.release();
  }
}

Object.assign(globalThis, { bundlePage: { cachedLoad, clearCache, nullOriginRun, folderRun } });
