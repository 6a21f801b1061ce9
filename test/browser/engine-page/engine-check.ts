// Runs one inpainting request on the tiny bundle with WebGPU and with wasm in this page, and hands
// both images back to the test. Bundled by esbuild at test time.
import { bundleFromUrl } from '../../../models/bundle/bundle-source.js';
import { PowerPaintEngine } from '../../../models/engine/powerpaint-engine.js';
import type { InpaintRequest } from '../../../models/engine/types.js';
import { gradientImage, rectMask } from '../../engine/fixtures-pixels.js';

interface CheckConfig {
  bundleUrl: string;
  ortDistUrl: string;
  request: Omit<InpaintRequest, 'image' | 'mask'>;
  size: number;
}

async function runOn(backend: 'webgpu' | 'wasm', config: CheckConfig) {
  const engine = await PowerPaintEngine.load(bundleFromUrl(config.bundleUrl), { backend, assets: { wasmPaths: config.ortDistUrl } });
  try {
    const image = gradientImage(config.size, config.size);
    const mask = rectMask(config.size, config.size, 8, 8, config.size - 16, config.size - 8);
    const result = await engine.run({ ...config.request, image, mask });
    return { backend: engine.backend, pixels: Array.from(result.variations[0]!.image.data), timings: result.timings };
  } finally {
    await engine.release();
  }
}

(globalThis as unknown as { engineCheck: unknown }).engineCheck = async (config: CheckConfig) => ({
  webgpu: await runOn('webgpu', config),
  wasm: await runOn('wasm', config),
});
