import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { forgetBundle, type BundleProgress } from '../../models/bundle/load-bundle.js';
import { openBundleCache, type StorageReport } from '../../models/bundle/open-bundle-cache.js';
import { manifestBytes } from '../../models/bundle/manifest.js';
import { verifyFile } from '../../models/bundle/verify-file.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { BackendPreference } from '../../models/runtime/choose-backend.js';
import type { OrtAssets } from '../../models/runtime/ort-environment.js';
import type { Engine } from '../engine/engine.js';
import { InstantEngine } from '../engine/instant-engine.js';
import { PowerPaintUiEngine } from '../engine/powerpaint-ui-engine.js';
import { explainError, type Explanation } from '../errors/explain-error.js';
import { loadModelFiles, type LoadedModelFiles, type ModelChoice } from '../model/load-model-files.js';
import { ortAssetsAsync } from '../model/ort-assets.js';

export type { ModelChoice };

export type ModelStatus =
  | { state: 'none' }
  | { state: 'loading'; label: string; progress: BundleProgress | null; step: string }
  | { state: 'ready'; label: string; totalBytes: number; cached: string; verified: string | null }
  | { state: 'error'; label: string; explanation: Explanation };

export interface ModelControls {
  engine: Engine;
  status: ModelStatus;
  storage: StorageReport | null;
  backend: BackendPreference;
  setBackend(backend: BackendPreference): void;
  load(choice: ModelChoice): void;
  cancelLoad(): void;
  verify(): void;
  clear(): void;
  /** Back to instant remove (the model is released). */
  unload(): void;
}

/** Remove without a model: the engine before a bundle is loaded, and the instant preview after. */
export const instantEngine = new InstantEngine();

/** ORT's verified wasm, fetched once per window (a failed or cancelled load is tried again next time). */
let ortAssets: Promise<OrtAssets> | null = null;
function verifiedOrtAssetsAsync(report: StorageReport, signal: AbortSignal): Promise<OrtAssets> {
  ortAssets ??= ortAssetsAsync({ cache: report.cache, signal });
  return ortAssets.catch((error: unknown) => {
    ortAssets = null;
    throw error;
  });
}

/** The engine the window runs: instant remove until a bundle is loaded, then PowerPaint. */
export function useModel(): ModelControls {
  const [engine, setEngine] = useState<Engine>(instantEngine);
  const [status, setStatus] = useState<ModelStatus>({ state: 'none' });
  const [storage, setStorage] = useState<StorageReport | null>(null);
  const [backend, setBackend] = useState<BackendPreference>('auto');
  const loading = useRef<AbortController | null>(null);
  const loaded = useRef<{ files: LoadedModelFiles; model: PowerPaintUiEngine; ready: ModelStatus & { state: 'ready' } } | null>(null);
  /** What the panel shows when a load stops before it replaced the model: the model still loaded, or none. */
  const kept = (): ModelStatus => loaded.current?.ready ?? { state: 'none' };

  useEffect(() => {
    void openBundleCache().then(setStorage);
  }, []);

  const release = async () => {
    const current = loaded.current;
    loaded.current = null;
    setEngine(instantEngine);
    await current?.model.release().catch(() => undefined);
  };

  const load = useCallback(
    (choice: ModelChoice) => {
      loading.current?.abort();
      const controller = new AbortController();
      loading.current = controller;
      const label = choice.kind === 'url' ? choice.url : choice.kind === 'folder' ? `folder “${choice.name}”` : choice.name;
      void (async () => {
        try {
          setStatus({ state: 'loading', label, progress: null, step: choice.kind === 'hub' ? 'Listing the repo’s files on Hugging Face…' : 'Reading the bundle’s manifest…' });
          const report = storage ?? (await openBundleCache());
          const onProgress = (progress: BundleProgress) => {
            if (!controller.signal.aborted) setStatus({ state: 'loading', label, progress, step: stepText(progress) });
          };
          const files = await loadModelFiles(choice, { cache: report.cache, onProgress, signal: controller.signal });
          // The model in use goes only now: a repo that is not there, or refused, leaves it loaded (in Figma's
          // window it would have to be downloaded again).
          await release();
          setStatus((s) => (s.state === 'loading' ? { ...s, step: 'Loading the runtime (onnxruntime-web’s wasm, checked against its pinned sha256)…' } : s));
          const assets = await verifiedOrtAssetsAsync(report, controller.signal);
          setStatus((s) => (s.state === 'loading' ? { ...s, step: 'Starting the model (files stream in as each part loads)…' } : s));
          const model = await PowerPaintEngine.load(files.source, { backend, assets, verify: false });
          if (controller.signal.aborted) {
            await model.release();
            return;
          }
          const uiEngine = new PowerPaintUiEngine(model, choice.kind === 'url' || choice.kind === 'folder' ? model.manifest.name || label : choice.name);
          const ready = {
            state: 'ready' as const,
            label,
            totalBytes: manifestBytes(files),
            cached: cachedText(files, report),
            verified: files.files.every((f) => f.sha256 === '') ? 'read from the picked folder (no published checksums to check against)' : 'every file matched its sha256 as it loaded',
          };
          loaded.current = { files, model: uiEngine, ready };
          setEngine(uiEngine);
          setStatus(ready);
        } catch (error) {
          if (controller.signal.aborted) return setStatus(kept());
          const explanation = explainError(error, 'load');
          const still = loaded.current ? ` ${loaded.current.ready.label} is still loaded.` : '';
          setStatus({ state: 'error', label, explanation: { ...explanation, action: `${explanation.action}${still}` } });
        } finally {
          if (loading.current === controller) loading.current = null;
        }
      })();
    },
    [storage, backend],
  );

  const verify = useCallback(() => {
    const current = loaded.current;
    if (current === null || status.state !== 'ready') return;
    const ready = status;
    setStatus({ ...ready, verified: 'checking…' });
    void (async () => {
      try {
        const checkable = current.files.files.filter((f) => f.sha256 !== '');
        for (const file of checkable) {
          await verifyFile(file, await current.files.source.read(file.path), file.path, current.files.source.label);
        }
        setStatus({ ...ready, verified: `checked just now: all ${checkable.length} files match` });
      } catch (error) {
        setStatus({ state: 'error', label: ready.label, explanation: explainError(error, 'load') });
      }
    })();
  }, [status]);

  const clear = useCallback(() => {
    const current = loaded.current;
    void (async () => {
      if (current && storage) await forgetBundle(current.files, storage.cache).catch(() => undefined);
      await release();
      setStatus({ state: 'none' });
    })();
  }, [storage]);

  const unload = useCallback(() => {
    void release().then(() => setStatus({ state: 'none' }));
  }, []);

  const cancelLoad = useCallback(() => {
    loading.current?.abort();
    setStatus(kept());
  }, []);

  return { engine, status, storage, backend, setBackend, load, cancelLoad, verify, clear, unload };
}

function stepText(progress: BundleProgress): string {
  switch (progress.phase) {
    case 'manifest':
      return 'Reading the bundle’s manifest…';
    case 'cached':
      return `Found ${progress.path ?? 'a file'} in the cache`;
    case 'downloading':
      return `Downloading ${progress.path ?? ''}`;
    case 'stalled':
      return `No data from the host for ${Math.round((progress.quiet?.silentMs ?? 0) / 1000)} s; a new connection is tried in ${Math.round((progress.quiet?.dropInMs ?? 0) / 1000)} s…`;
    case 'retrying':
      return `Connection trouble (${progress.retry?.reason ?? 'retrying'}); trying again in ${Math.max(1, Math.round((progress.retry?.delayMs ?? 0) / 1000))} s…`;
    case 'ready':
      return 'All files are here.';
  }
}

function cachedText(files: LoadedModelFiles, report: StorageReport): string {
  if (!files.cached) return `not cached: ${report.advice ?? 'this window has no storage'}`;
  if (files.downloaded.length === 0) return `cached in ${report.cache.description}; nothing was downloaded`;
  return `downloaded and cached in ${report.cache.description}`;
}
