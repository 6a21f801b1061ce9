import type { BundleSource } from '../bundle/bundle-source.js';
import { openBundle, readModel } from '../bundle/open-bundle.js';
import { MODEL_SPECS } from '../runtime/model-specs.js';
import type { ModelPackage } from './model-package.js';

/** A bundle written by models/export: powerpaint.json and four ONNX graphs of fixed precision. */
export async function openBundlePackage(source: BundleSource, verify: boolean): Promise<ModelPackage> {
  const bundle = await openBundle(source, verify);
  return {
    source,
    layout: 'bundle',
    manifest: bundle.manifest,
    tokenizerJson: bundle.tokenizerJson,
    schedulerConfig: bundle.schedulerConfig,
    computeTypes: [bundle.manifest.precision === 'fp16' ? 'float16' : 'float32'],
    graph: (name) => readModel(bundle, MODEL_SPECS[name].path, verify),
  };
}
