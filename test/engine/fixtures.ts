export { gradientImage, maxAbsDiff, rectMask } from './fixtures-pixels.js';
import { bundleFromFiles, type BundleSource } from '../../models/bundle/bundle-source.js';
import { PowerPaintEngine, type EngineOptions } from '../../models/engine/powerpaint-engine.js';
import { buildTinyBundle, type TinyBundleOptions } from '../bundle/tiny-bundle.js';

export async function tinySource(options: TinyBundleOptions = {}): Promise<BundleSource> {
  return bundleFromFiles(await buildTinyBundle(options), 'tiny bundle');
}

export async function loadTinyEngine(options: TinyBundleOptions = {}, engineOptions: EngineOptions = {}): Promise<PowerPaintEngine> {
  return PowerPaintEngine.load(await tinySource(options), engineOptions);
}
