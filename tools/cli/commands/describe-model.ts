import type { BundleManifest } from '../../../models/bundle/manifest.js';
import { TASKS, type Task } from '../../../models/engine/types.js';
import type { WindowEngine } from '../../../models/full-resolution/index.js';
import type { ModelPackage } from '../../../models/package/model-package.js';

/** What `info` reports: the numbers as they are (for --json); `formatInfo` puts them in words. */
export interface ModelInfo {
  source: string;
  notes: string[];
  layout: ModelPackage['layout'] | 'instant';
  family: BundleManifest['family'] | 'instant';
  name: string;
  version: string;
  precision: BundleManifest['precision'] | 'none';
  /** The side the model was trained at, in pixels (the window path's window size). */
  nativeSize: number;
  sizeMultiple: number;
  /** --whole-image: the largest side `engine.run` takes at once; null when any size goes. */
  maxSide: number | null;
  defaults: BundleManifest['defaults'] | null;
  tasks: readonly Task[];
  files: { path: string; bytes: number }[];
}

export function describeModel(model: Pick<ModelPackage, 'layout' | 'manifest' | 'source'>, notes: string[]): ModelInfo {
  const m = model.manifest;
  return {
    source: model.source.label,
    notes,
    layout: model.layout,
    family: m.family,
    name: m.name,
    version: m.version,
    precision: m.precision,
    nativeSize: m.sampleSize * m.vaeScaleFactor,
    sizeMultiple: m.sizeMultiple,
    // The engine's own limit (models/engine/validate-request.ts): four native sides.
    maxSide: m.sampleSize * m.vaeScaleFactor * 4,
    defaults: m.defaults,
    tasks: TASKS,
    files: m.files.map(({ path, bytes }) => ({ path, bytes })),
  };
}

export function describeInstant(manifest: WindowEngine['manifest'], label: string): ModelInfo {
  return {
    source: 'instant',
    notes: [label],
    layout: 'instant',
    family: 'instant',
    name: 'Instant remove',
    version: '',
    precision: 'none',
    nativeSize: manifest.sampleSize * manifest.vaeScaleFactor,
    sizeMultiple: 1,
    maxSide: null,
    defaults: null,
    tasks: ['remove'],
    files: [],
  };
}
