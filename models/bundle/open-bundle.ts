import { readJson, type BundleSource } from './bundle-source.js';
import { parseManifest, type BundleManifest } from './manifest.js';
import { verifyFile } from './verify-file.js';
import type { SchedulerConfig } from '../schedulers/scheduler.js';
import type { ExternalDataFile } from '../runtime/model-session.js';

export interface OpenedBundle {
  source: BundleSource;
  manifest: BundleManifest;
  tokenizerJson: unknown;
  schedulerConfig: SchedulerConfig;
}

export async function openBundle(source: BundleSource, verify: boolean): Promise<OpenedBundle> {
  const manifest = parseManifest(await readJson(source, 'powerpaint.json'), source.label);
  const [tokenizerJson, schedulerConfig] = await Promise.all([
    readVerifiedJson(source, manifest, 'tokenizer/tokenizer.json', verify),
    readVerifiedJson(source, manifest, 'scheduler/scheduler_config.json', verify),
  ]);
  return { source, manifest, tokenizerJson, schedulerConfig: schedulerConfig as SchedulerConfig };
}

/** A model file and the external-data files the manifest lists beside it (weights over 2 GB live there). */
export async function readModel(bundle: OpenedBundle, path: string, verify: boolean): Promise<{ model: Uint8Array; externalData: ExternalDataFile[] }> {
  const model = await readVerified(bundle.source, bundle.manifest, path, verify);
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const externalPaths = bundle.manifest.files
    .map((file) => file.path)
    .filter((p) => p.startsWith(folder) && p !== path && !p.endsWith('.json') && !p.endsWith('.onnx'));
  const externalData = await Promise.all(
    externalPaths.map(async (p) => ({ path: p.slice(folder.length), data: await readVerified(bundle.source, bundle.manifest, p, verify) })),
  );
  return { model, externalData };
}

async function readVerified(source: BundleSource, manifest: BundleManifest, path: string, verify: boolean): Promise<Uint8Array> {
  const bytes = await source.read(path);
  if (verify) await verifyFile(manifest.files.find((file) => file.path === path), bytes, path, source.label);
  return bytes;
}

async function readVerifiedJson(source: BundleSource, manifest: BundleManifest, path: string, verify: boolean): Promise<unknown> {
  if (verify) await readVerified(source, manifest, path, true);
  return readJson(source, path);
}
