import { missingFile, sourceHas, type BundleSource } from '../bundle/bundle-source.js';
import { MANIFEST_PATH } from '../bundle/manifest.js';
import { EngineError } from '../engine/errors.js';
import { openBundlePackage } from './bundle-package.js';
import { openDiffusersPackage } from './diffusers-package.js';
import type { LoraChoice } from '../lora/lora-source.js';
import type { ModelPackage } from './model-package.js';
import { isOnnxLayout, openOnnxPackage } from './onnx-package.js';

/**
 * Whatever a source holds, as a ModelPackage: our bundle when it has powerpaint.json; an Optimum ONNX
 * export without it; else a diffusers pipeline as published (unet/config.json beside safetensors).
 */
export async function openModel(source: BundleSource, verify: boolean, lora?: LoraChoice): Promise<ModelPackage> {
  if (await sourceHas(source, MANIFEST_PATH)) return refuseLora(lora, source) ?? openBundlePackage(source, verify);
  // Probing for a graph means reading it, so only a source that lists its files can be an ONNX folder.
  if (source.listing && (await isOnnxLayout(source))) return refuseLora(lora, source) ?? openOnnxPackage(source);
  if (await sourceHas(source, 'unet/config.json')) return openDiffusersPackage(source, lora);
  throw new EngineError(
    'missing-file',
    `${source.label} holds no model this plugin knows: neither powerpaint.json (a PowerPaint bundle), the four ONNX graphs of an Optimum export, nor unet/config.json (a diffusers pipeline). Pick the model's top folder.`,
    { cause: missingFile(source, MANIFEST_PATH) },
  );
}

/** An ONNX graph holds its weights inside: a LoRA can be fused only into a diffusers repo's safetensors. */
function refuseLora(lora: LoraChoice | undefined, source: BundleSource): undefined {
  if (!lora) return undefined;
  throw new EngineError('bad-input', `${lora.file.label} cannot be fused into ${source.label}: it is an ONNX model, whose weights are fixed in its graphs. Use the model's diffusers repo (safetensors), or run without the LoRA.`);
}
