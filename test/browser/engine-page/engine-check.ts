// Runs one inpainting request on a tiny bundle with a given backend in this page and hands the
// image (or the error) and the live previews' steps and sizes back to the test. Bundled by esbuild at test time.
import { bundleFromUrl } from '../../../models/bundle/bundle-source.js';
import { PowerPaintEngine } from '../../../models/engine/powerpaint-engine.js';
import type { InpaintRequest } from '../../../models/engine/types.js';
import { gradientImage, rectMask } from '../../engine/fixtures-pixels.js';

interface CheckConfig {
  backend: 'webgpu' | 'wasm';
  bundleUrl: string;
  ortDistUrl: string;
  request: Omit<InpaintRequest, 'image' | 'mask'>;
  size: number;
}

async function engineCheck(config: CheckConfig) {
  const engine = await PowerPaintEngine.load(bundleFromUrl(config.bundleUrl), {
    backend: config.backend,
    assets: { wasmPaths: config.ortDistUrl },
  });
  try {
    const image = gradientImage(config.size, config.size);
    const mask = rectMask(config.size, config.size, 8, 8, config.size - 16, config.size - 8);
    const previews: { step: number; width: number; height: number; pixels?: number[] }[] = [];
    const result = await engine.run(
      { ...config.request, image, mask },
      // The first preview's pixels too: both loops must show the same estimate of the final image.
      { onPreview: (p, info) => previews.push({ step: info.step, width: p.width, height: p.height, ...(previews.length === 0 && { pixels: Array.from(p.data) }) }) },
    );
    return {
      backend: engine.backend,
      latentsOnGpu: result.latentsOnGpu,
      threads: engine.threads,
      isolated: globalThis.crossOriginIsolated,
      pixels: Array.from(result.variations[0]!.image.data),
      previews,
    };
  } catch (error) {
    return { backend: engine.backend, error: { code: (error as { code?: string }).code, message: String((error as Error).message) } };
  } finally {
    await engine.release();
  }
}

(globalThis as unknown as { engineCheck: typeof engineCheck }).engineCheck = engineCheck;
