/** The per-bundle benchmark in this Node process (onnxruntime-web's wasm backend, one thread). */
import { bundleFromFiles } from '../../models/bundle/bundle-source.js';
import type { InpaintRequest } from '../../models/engine/types.js';
import { benchmarkBundle, type BundleReport } from '../core/measure-engine.js';
import { nodeMemoryProbe } from './node-memory.js';

export async function benchmarkInNode(
  bundleName: string,
  files: ReadonlyMap<string, Uint8Array>,
  request: InpaintRequest,
  log: (line: string) => void,
): Promise<BundleReport> {
  const probe = nodeMemoryProbe();
  try {
    return await benchmarkBundle({
      bundleName,
      runtime: 'node-wasm',
      source: bundleFromFiles(files, bundleName),
      engineOptions: { backend: 'wasm' },
      request,
      probe,
      log,
    });
  } finally {
    probe.stop();
  }
}
