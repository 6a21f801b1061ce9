import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { forgetBundle, type BundleProgress } from '../../models/bundle/load-bundle.js';
import { openBundleCache, type StorageReport } from '../../models/bundle/open-bundle-cache.js';
import { noCache } from '../../models/bundle/bundle-cache.js';
import { manifestBytes } from '../../models/bundle/manifest.js';
import { verifyFile } from '../../models/bundle/verify-file.js';
import { MAX_JOBS_AT_ONCE } from '../../plugin/protocol/messages.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { oipRuntime } from '../../models/runtime/oip/oip-runtime.js';
import type { OipTraffic } from '../../models/runtime/oip/oip-traffic.js';
import { LCM_LORA } from '../../models/engine/speed-presets.js';
import { loadHubLora, type HubLoraFile, type LoraChoice } from '../../models/lora/lora-source.js';
import { loadHubTaesd, TAESD_REPO } from '../../models/preview/taesd-source.js';
import type { FusedLoraInfo } from '../../models/package/model-package.js';
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
  | { state: 'ready'; label: string; totalBytes: number; cached: string; verified: string | null; lora: LoraStatus; previews: PreviewsStatus }
  | { state: 'error'; label: string; explanation: Explanation };

/**
 * LCM-LoRA and the loaded model: fused (what, and what it cost), offered (a diffusers repo from the Hub, which
 * can take it), or not possible (an ONNX bundle's weights are fixed in its graphs; a folder has no Hub to ask).
 */
export type LoraStatus =
  | { state: 'fused'; info: FusedLoraInfo }
  /** `modelAgain`: the model's files are not cached, so restarting it downloads them again. */
  | { state: 'offered'; modelAgain: boolean }
  | { state: 'unavailable' };

/**
 * What live previews are decoded with: TAESD (which, from where), or the quick latent-to-RGB map with TAESD offered
 * (a model from the Hub: TAESD comes from the same Hub), or the quick map alone.
 */
export type PreviewsStatus = { state: 'taesd'; label: string } | { state: 'offered' } | { state: 'unavailable' };

interface LoadWork {
  report: StorageReport;
  onProgress: (progress: BundleProgress) => void;
  signal: AbortSignal;
}

/** A team's inference server the model runs on instead of this computer (the Model panel's setting). */
export interface InferenceServer {
  url: string;
  token: string | undefined;
}

export interface ModelControls {
  engine: Engine;
  status: ModelStatus;
  storage: StorageReport | null;
  backend: BackendPreference;
  setBackend(backend: BackendPreference): void;
  /** The server the next load runs the model on; null: this computer. */
  server: InferenceServer | null;
  setServer(server: InferenceServer | null): void;
  /** What the loaded model's runs sent to and got from its server (read when shown: it counts as runs go). */
  serverTraffic: OipTraffic | null;
  load(choice: ModelChoice): void;
  /** LCM-LoRA and the model in use (the engine's, whatever the panel shows meanwhile). */
  lora: LoraStatus;
  /** Downloads LCM-LoRA from the loaded model's Hub and restarts the model with it fused (when `lora` is offered). */
  loadLcmLora(): void;
  /** What previews of the model in use are decoded with, and whether TAESD is offered. */
  previews: PreviewsStatus;
  /** Downloads TAESD from the loaded model's Hub and decodes previews with it from the next run (when offered). */
  loadTaesd(): void;
  cancelLoad(): void;
  /** False while nothing can be cancelled (the model restarting to fuse LCM-LoRA). */
  cancellable: boolean;
  verify(): void;
  clear(): void;
  /** Back to instant remove (the model is released). */
  unload(): void;
}

/** Remove without a model: the engine before a bundle is loaded, and the instant preview after. */
export const instantEngine = new InstantEngine();

/** ORT's verified wasm, fetched once per window (a failed or cancelled load is tried again next time). */
let ortAssets: Promise<OrtAssets> | null = null;
export function verifiedOrtAssetsAsync(report: StorageReport, signal: AbortSignal): Promise<OrtAssets> {
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
  const [server, setServerState] = useState<InferenceServer | null>(null);
  const traffic = useRef<OipTraffic | null>(null);
  // Only a change of URL or token is a change: the settings object is rebuilt on every edit.
  const setServer = useCallback((next: InferenceServer | null) => {
    setServerState((current) => (current?.url === next?.url && current?.token === next?.token ? current : next));
  }, []);
  const loading = useRef<AbortController | null>(null);
  const loaded = useRef<{ files: LoadedModelFiles; choice: ModelChoice; model: PowerPaintUiEngine; ready: ModelStatus & { state: 'ready' }; lora?: HubLoraFile } | null>(null);
  /**
   * Set while the model restarts with LCM-LoRA: it was released for that, and the start (which reads its files
   * again) cannot be stopped halfway, so Cancel is not offered then: a cancel would leave no model at all.
   */
  const fusing = useRef(false);
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

  /**
   * One load at a time, shown in the panel: `work` reports downloads through its `onProgress`; cancelling or a
   * newer load aborts it. `describe` words a failure, given what is still loaded ('' when nothing is).
   */
  const begin = (label: string, step: string, work: (control: LoadWork) => Promise<void>, describe: (e: Explanation, still: string) => Explanation = stillLoaded) => {
    loading.current?.abort();
    const controller = new AbortController();
    loading.current = controller;
    void (async () => {
      try {
        setStatus({ state: 'loading', label, progress: null, step });
        const report = storage ?? (await openBundleCache());
        const onProgress = (progress: BundleProgress) => {
          if (!controller.signal.aborted) setStatus({ state: 'loading', label, progress, step: stepText(progress) });
        };
        await work({ report, onProgress, signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) return setStatus(kept());
        setStatus({ state: 'error', label, explanation: describe(explainError(error, 'load'), loaded.current?.ready.label ?? '') });
      } finally {
        if (loading.current === controller) loading.current = null;
      }
    })();
  };

  /** A step of a start in the panel; a cancelled start says nothing more (the panel shows what the cancel left). */
  const say = (work: LoadWork, step: string) => work.signal.aborted || setStatus((s) => (s.state === 'loading' ? { ...s, step } : s));

  /** Starts the engine on files already here (a LoRA fused as it starts) and makes it the window's model. */
  const start = async (files: LoadedModelFiles, choice: ModelChoice, label: string, work: LoadWork, lora?: LoraChoice & { file: HubLoraFile }) => {
    const model = server ? await startOnServer(files, server, work) : await startHere(files, work, lora);
    if (work.signal.aborted) {
      await model.release();
      return;
    }
    const uiEngine = new PowerPaintUiEngine(model, choice.kind === 'url' || choice.kind === 'folder' ? model.manifest.name || label : choice.name);
    const ready = {
      state: 'ready' as const,
      label,
      totalBytes: manifestBytes(files),
      cached: cachedText(files, work.report),
      verified: files.files.every((f) => f.sha256 === '') ? 'read from the picked folder (no published checksums to check against)' : 'every file matched its sha256 as it loaded',
      lora: loraStatus(model, choice, files),
      // TAESD runs beside the model's graphs: not offered while they are on an inference server.
      previews: choice.kind === 'hub' && !server ? ({ state: 'offered' } as const) : ({ state: 'unavailable' } as const),
    };
    loaded.current = { files, choice, model: uiEngine, ready, ...(lora && { lora: lora.file }) };
    setEngine(uiEngine);
    setStatus(ready);
  };

  /** The graphs run on the server: no runtime to fetch, no weights read here (the tokenizer and samplers stay). */
  const startOnServer = async (files: LoadedModelFiles, on: InferenceServer, work: LoadWork) => {
    // Runs are not queued here: the batch's own limit (the panel's "Layers at once", up to 16) holds them.
    const runtime = oipRuntime({ url: on.url, token: on.token, concurrency: MAX_JOBS_AT_ONCE });
    traffic.current = runtime.traffic;
    say(work, `Asking the inference server at ${runtime.server.host} for the model’s graphs…`);
    return PowerPaintEngine.load(files.source, { runtime, verify: false });
  };

  const startHere = async (files: LoadedModelFiles, work: LoadWork, lora: LoraChoice | undefined) => {
    traffic.current = null;
    say(work, 'Loading the runtime (onnxruntime-web’s wasm, checked against its pinned sha256)…');
    const assets = await verifiedOrtAssetsAsync(work.report, work.signal);
    say(work, lora ? 'Starting the model, LCM-LoRA fused into its UNet (this runs to the end: the model in use was released for it)…' : 'Starting the model (files stream in as each part loads)…');
    return PowerPaintEngine.load(files.source, { backend, assets, verify: false, ...(lora && { lora }) });
  };

  const load = useCallback(
    (choice: ModelChoice) => {
      const label = choice.kind === 'url' ? choice.url : choice.kind === 'folder' ? `folder “${choice.name}”` : choice.name;
      begin(label, choice.kind === 'hub' ? 'Listing the repo’s files on Hugging Face…' : 'Reading the bundle’s manifest…', async (work) => {
        // With the graphs on a server only the small files are read: nothing is downloaded ahead or cached.
        const cache = server ? noCache('the model runs on the inference server; only its small files are read') : work.report.cache;
        const files = await loadModelFiles(choice, { cache, onProgress: work.onProgress, signal: work.signal });
        // The model in use goes only now: a repo that is not there, or refused, leaves it loaded (in Figma's
        // window it would have to be downloaded again).
        await release();
        await start(files, choice, label, work);
      });
    },
    [storage, backend, server],
  );

  const loadLcmLora = useCallback(() => {
    const current = loaded.current;
    if (current?.ready.lora.state !== 'offered' || current.choice.kind !== 'hub') return;
    const { files, choice, ready } = current;
    begin(ready.label, `Listing ${LCM_LORA.repo} on Hugging Face…`, async (work) => {
      // Downloaded (and cached) like the model's files, before the model goes: a failure leaves it loaded.
      const file = await loadHubLora({ ref: LCM_LORA.repo, endpoint: choice.endpoint, ...(choice.token && { token: choice.token }), cache: work.report.cache, onProgress: work.onProgress, signal: work.signal });
      // Fusing reads the UNet again: the engine restarts on the model's files, from the cache (a window without
      // storage downloads its large files again: the offer says so).
      await release();
      fusing.current = true;
      try {
        // Its authors' scale: LCM-LoRA is trained to be fused whole.
        await start(files, choice, ready.label, work, { file, scale: 1 });
      } catch (error) {
        // A LoRA the UNet refuses (keys it lacks): the model comes back as it was, and the error says why.
        if (!work.signal.aborted) await start(files, choice, ready.label, work);
        throw error;
      } finally {
        fusing.current = false;
      }
    }, lcmLoraFailed);
  }, [storage, backend, server]);

  const loadTaesd = useCallback(() => {
    const current = loaded.current;
    if (current?.ready.previews.state !== 'offered' || current.choice.kind !== 'hub') return;
    const { choice, ready, model } = current;
    begin(ready.label, `Listing ${TAESD_REPO} on Hugging Face…`, async (work) => {
      const source = await loadHubTaesd({ ref: TAESD_REPO, endpoint: choice.endpoint, ...(choice.token && { token: choice.token }), cache: work.report.cache, onProgress: work.onProgress, signal: work.signal });
      // Added to the running model: nothing is reloaded.
      await model.model.useTaesd(source);
      if (loaded.current !== current) return;
      current.ready = { ...ready, previews: { state: 'taesd', label: source.label } };
      setStatus(current.ready);
    }, taesdFailed);
  }, [storage]);

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
      if (current && storage) {
        await forgetBundle(current.files, storage.cache).catch(() => undefined);
        // A fused LoRA was downloaded for this model; cleared with it, or it would stay in storage unseen.
        if (current.lora) await forgetBundle({ files: [...current.lora.cached] }, storage.cache).catch(() => undefined);
      }
      await release();
      setStatus({ state: 'none' });
    })();
  }, [storage]);

  const unload = useCallback(() => {
    void release().then(() => setStatus({ state: 'none' }));
  }, []);

  const cancelLoad = useCallback(() => {
    if (fusing.current) return;
    loading.current?.abort();
    setStatus(kept());
  }, []);

  const lora = loaded.current?.ready.lora ?? { state: 'unavailable' };
  const previews = loaded.current?.ready.previews ?? { state: 'unavailable' };
  const serverTraffic = loaded.current?.model.sendsTo !== undefined ? traffic.current : null;
  return { engine, status, storage, backend, setBackend, server, setServer, serverTraffic, load, lora, previews, loadLcmLora, loadTaesd, cancelLoad, cancellable: !fusing.current, verify, clear, unload };
}

function stillLoaded(e: Explanation, still: string): Explanation {
  return still ? { ...e, action: `${e.action} ${still} is still loaded.` } : e;
}

/** A LoRA download or fusion that failed: the model runs on without it, and Fast with fewer DDIM steps. */
function lcmLoraFailed(e: Explanation, still: string): Explanation {
  const after = still
    ? `${still} is still loaded, without it: Fast runs fewer DDIM steps. Try Load LCM-LoRA again (in Speed, with Fast chosen).`
    : 'Load the model again from the Model panel.';
  return { ...e, title: `LCM-LoRA (${LCM_LORA.repo}) could not be loaded.`, action: `${e.action} ${after}` };
}

/** TAESD did not come: previews stay the quick colour map, the model is as it was. */
function taesdFailed(e: Explanation, still: string): Explanation {
  const after = still ? `${still} is still loaded; previews stay the quick colour map. Try Sharper previews again.` : 'Load the model again from the Model panel.';
  return { ...e, title: `TAESD (${TAESD_REPO}) could not be loaded.`, action: `${e.action} ${after}` };
}

function loraStatus(model: PowerPaintEngine, choice: ModelChoice, files: LoadedModelFiles): LoraStatus {
  if (model.lora) return { state: 'fused', info: model.lora };
  // A server runs the graphs it holds: a LoRA is fused when its repository is written (triton-repo --lora).
  if (model.backend.backend === 'server') return { state: 'unavailable' };
  return model.layout === 'diffusers' && choice.kind === 'hub' ? { state: 'offered', modelAgain: !files.cached } : { state: 'unavailable' };
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
