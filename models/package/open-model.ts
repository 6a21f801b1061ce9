import { missingFile, sourceHas, type BundleSource } from '../bundle/bundle-source.js';
import { MANIFEST_PATH } from '../bundle/manifest.js';
import { EngineError } from '../engine/errors.js';
import { openBundlePackage } from './bundle-package.js';
import { openDiffusersPackage } from './diffusers-package.js';
import type { ModelPackage } from './model-package.js';
import { isOnnxLayout, openOnnxPackage } from './onnx-package.js';

/**
 * Whatever a source holds, as a ModelPackage: our bundle when it has powerpaint.json; an Optimum ONNX
 * export without it; else a diffusers pipeline as published (unet/config.json beside safetensors).
 */
export async function openModel(source: BundleSource, verify: boolean): Promise<ModelPackage> {
  if (await sourceHas(source, MANIFEST_PATH)) return openBundlePackage(source, verify);
  // Probing for a graph means reading it, so only a source that lists its files can be an ONNX folder.
  if (source.listing && (await isOnnxLayout(source))) return openOnnxPackage(source);
  if (await sourceHas(source, 'unet/config.json')) return openDiffusersPackage(source);
  throw new EngineError(
    'missing-file',
    `${source.label} holds no model this plugin knows: neither powerpaint.json (a PowerPaint bundle), the four ONNX graphs of an Optimum export, nor unet/config.json (a diffusers pipeline). Pick the model's top folder.`,
    { cause: missingFile(source, MANIFEST_PATH) },
  );
}
