import { useEffect, useState } from 'preact/hooks';
import type { BackendPreference } from '../../models/runtime/choose-backend.js';
import { formatBytes } from '../format/format-bytes.js';
import { formatDuration } from '../format/format-duration.js';
import { formatEstimate } from '../format/format-estimate.js';
import { formatTraffic } from '../format/format-traffic.js';
import type { CatalogEntry } from '../../models/bundle/catalog.js';
import type { FusedLoraInfo } from '../../models/package/model-package.js';
import { DEFAULT_SERVER_JOBS, MAX_JOBS_AT_ONCE, type ModelSourceSetting } from '../../plugin/protocol/messages.js';
import { panelCatalogAsync } from '../model/catalog-locations.js';
import { buildInferenceServer, serverAccessNote } from '../model/inference-server-access.js';
import type { RuntimeReport } from '../runtime/describe-runtime.js';
import type { TimeEstimate } from '../runtime/time-estimate.js';
import type { ModelControls, PreviewsStatus } from '../state/use-model.js';
import { ErrorBanner } from './error-banner.js';
import { NumberField } from './number-field.js';

/** Which model paints, where it comes from, its download and cache, the runtime and how long a run takes. */
export function ModelPanel({
  model,
  runtime,
  estimate,
  disabled,
  source,
  onSourceChange,
}: {
  model: ModelControls;
  runtime: RuntimeReport | null;
  estimate: TimeEstimate | null;
  disabled: boolean;
  /** Where to load from (catalog entry, URL or folder), kept with the settings. */
  source: ModelSourceSetting;
  onSourceChange: (source: ModelSourceSetting) => void;
}) {
  const [catalog, setCatalog] = useState<CatalogEntry[] | null>(null);
  useEffect(() => {
    void panelCatalogAsync().then(setCatalog);
  }, []);
  const from = source.from;
  const url = source.url ?? '';
  const repo = source.repo ?? '';
  const change = (patch: Partial<ModelSourceSetting>) => onSourceChange({ ...source, ...patch });
  // The stored entry when it can be loaded here, else the first that can.
  const hosted = catalog?.filter((e) => e.source !== undefined) ?? [];
  const entryId = hosted.some((e) => e.id === source.catalogId) ? source.catalogId! : (hosted[0]?.id ?? catalog?.[0]?.id ?? '');
  const { status, engine } = model;
  // Open while a model loads or fails, and stays as the person leaves it otherwise.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (status.state === 'loading' || status.state === 'error') setOpen(true);
  }, [status.state]);
  const busy = disabled || status.state === 'loading';
  const entry = catalog?.find((e) => e.id === entryId);

  const token = source.hubToken ? { token: source.hubToken } : {};
  const load = () => {
    const where = entry?.source;
    if (from === 'catalog' && where?.kind === 'url') {
      model.load({ kind: 'catalog', name: entry!.name, url: where.baseUrl, ...(entry!.manifestSha256 && { manifestSha256: entry!.manifestSha256 }) });
    }
    if (from === 'catalog' && where?.kind === 'hub') model.load({ kind: 'hub', name: entry!.name, repo: where.repo, endpoint: where.endpoint, ...token });
    if (from === 'catalog' && where?.kind === 'hub-any' && repo.trim()) model.load({ kind: 'hub', name: repo.trim(), repo: repo.trim(), endpoint: where.endpoint, ...token });
    if (from === 'url' && url.trim()) model.load({ kind: 'url', url: url.trim() });
  };
  const canLoad = from === 'catalog' ? entry?.source !== undefined && (entry.source.kind !== 'hub-any' || repo.trim() !== '') : url.trim() !== '';

  return (
    <details class="panel" data-testid="model-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Model: <span data-testid="engine-name">{engine.name}</span>
        {engine === model.engine && model.lora.state === 'fused' && <span data-testid="engine-lora"> + LCM-LoRA</span>}
      </summary>
      <div class="panel-body">
        <p class="secondary" data-testid="runtime" data-webgpu={runtime === null ? undefined : String(runtime.webgpu)}>
          Runtime: {runtime === null ? 'checking for WebGPU…' : runtime.text}
          {engine.isModel ? '' : ' (used once a model is loaded)'}
        </p>
        {estimate && (
          <p class="secondary" data-testid="estimate">
            A run with these settings: {formatEstimate(estimate)} ({estimate.basis}).
          </p>
        )}
        {!engine.isModel && (
          <p class="note" data-testid="engine-note">
            No model is loaded: instant remove fills from around the painted area (remove only). Load PowerPaint to insert objects, fill shapes and extend images.
          </p>
        )}

        <fieldset class="field" disabled={busy}>
          <legend>Load a model from</legend>
          <div class="segmented" role="radiogroup" aria-label="Model source">
            {(['catalog', 'url', 'folder'] as const).map((kind) => (
              <button key={kind} type="button" role="radio" aria-checked={from === kind} data-testid={`model-from-${kind}`} onClick={() => change({ from: kind })}>
                {kind === 'catalog' ? 'Catalog' : kind === 'url' ? 'URL' : 'Folder'}
              </button>
            ))}
          </div>
          {from === 'catalog' &&
            (catalog === null ? (
              <span class="hint">Looking for bundles…</span>
            ) : (
              <>
                <select aria-label="Bundle" data-testid="model-catalog" value={entryId} onChange={(e) => change({ catalogId: e.currentTarget.value })}>
                  {catalog.map((e) => (
                    <option key={e.id} value={e.id} disabled={e.source === undefined} data-testid={`model-catalog-${e.id}`}>
                      {e.name}
                      {e.source?.kind === 'hub-any' ? '' : ` (~${formatBytes(e.approxBytes)})`}
                      {e.source === undefined ? ' · not available here' : ''}
                    </option>
                  ))}
                </select>
                {entry && (
                  <span class="hint" data-testid="model-catalog-note">
                    {entry.summary}
                    {entry.why !== undefined && ` Not available here: ${entry.why}.`}
                  </span>
                )}
                {entry?.source?.kind === 'hub-any' && (
                  <input
                    type="text"
                    aria-label="Hugging Face repo (owner/name, optionally @revision, or its URL)"
                    placeholder="owner/name or https://huggingface.co/owner/name"
                    data-testid="model-hub-repo"
                    value={repo}
                    onInput={(e) => change({ repo: e.currentTarget.value })}
                  />
                )}
                {entry?.source?.kind === 'hub-any' && (
                  <SecretField
                    label="Access token for gated or private repos (optional; kept on this computer only)"
                    placeholder="Access token (only for gated or private repos)"
                    testId="model-hub-token"
                    value={source.hubToken}
                    onChange={(hubToken) => change({ hubToken })}
                  />
                )}
              </>
            ))}
          {from === 'url' && (
            <input
              type="url"
              aria-label="Bundle URL (the folder with powerpaint.json)"
              placeholder="https://…/powerpaint-v1/"
              data-testid="model-url"
              value={url}
              onInput={(e) => change({ url: e.currentTarget.value })}
            />
          )}
          {from === 'folder' ? (
            <label class="secondary-button file-button">
              Pick the model folder…
              <input
                type="file"
                data-testid="model-folder"
                // @ts-expect-error: webkitdirectory is a real attribute missing from Preact's types. A boolean: Preact sets
                // it as the DOM property, and the empty string would turn it off.
                webkitdirectory={true}
                multiple
                onChange={(e) => {
                  const files = e.currentTarget.files;
                  if (files && files.length > 0) model.load({ kind: 'folder', files, name: files[0]!.webkitRelativePath.split('/')[0] ?? 'folder' });
                }}
              />
            </label>
          ) : (
            <button type="button" class="primary-button" data-testid="model-load" disabled={!canLoad} onClick={load}>
              Load model
            </button>
          )}
          <InferenceServerFields source={source} change={change} />
          <label class="inline">
            Runtime
            <select aria-label="Runtime" data-testid="model-backend" value={model.backend} onChange={(e) => model.setBackend(e.currentTarget.value as BackendPreference)}>
              <option value="auto">Automatic (WebGPU when it can)</option>
              <option value="webgpu">WebGPU</option>
              <option value="wasm">CPU (wasm)</option>
            </select>
          </label>
        </fieldset>

        <ModelStatusView model={model} />
        {engine === model.engine && engine.isModel && <PreviewsLine previews={model.previews} loading={model.status.state === 'loading'} onLoad={model.loadTaesd} />}
      </div>
    </details>
  );
}

/**
 * The team's inference server: off by default; while on, the next load runs the model there, and the window
 * says above Run that pictures go to it.
 */
function InferenceServerFields({ source, change }: { source: ModelSourceSetting; change: (patch: Partial<ModelSourceSetting>) => void }) {
  const url = source.serverUrl ?? buildInferenceServer;
  const note = source.serverOn ? serverAccessNote(url) : undefined;
  return (
    <div class="server-fields" data-testid="model-server">
      <label class="inline">
        <input type="checkbox" data-testid="model-server-on" checked={source.serverOn === true} onChange={(e) => change({ serverOn: e.currentTarget.checked, serverUrl: url })} />
        Run on an inference server (Triton, KServe): pictures are sent to it
      </label>
      {source.serverOn && (
        <>
          <input
            type="url"
            aria-label="Inference server URL (Open Inference Protocol, e.g. https://gpu.example.com:8000)"
            placeholder="https://gpu.example.com:8000"
            data-testid="model-server-url"
            value={url}
            onInput={(e) => change({ serverUrl: e.currentTarget.value })}
          />
          <SecretField
            label="Server token (optional; sent as a bearer token, kept on this computer only)"
            placeholder="Token (optional)"
            testId="model-server-token"
            value={source.serverToken}
            onChange={(serverToken) => change({ serverToken })}
          />
          <label class="inline" for="model-server-jobs">
            Layers at once in a batch
          </label>
          <NumberField
            id="model-server-jobs"
            data-testid="model-server-jobs"
            label="Layers at once in a batch"
            min={1}
            max={MAX_JOBS_AT_ONCE}
            value={source.serverJobs ?? DEFAULT_SERVER_JOBS}
            onCommit={(serverJobs) => change({ serverJobs })}
          />
          <span class="hint" data-testid="model-server-hint">
            Load the model to run it there; the server holds its graphs (npm run powerpaint -- triton-repo).{note && ` ${note}`}
          </span>
        </>
      )}
    </div>
  );
}

/** A token typed by hand: hidden as typed, never autofilled. */
function SecretField({ label, placeholder, testId, value, onChange }: { label: string; placeholder: string; testId: string; value: string | undefined; onChange: (value: string) => void }) {
  return <input type="password" autocomplete="off" aria-label={label} placeholder={placeholder} data-testid={testId} value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />;
}

/** Which LoRA the UNet carries and what fusing it cost (the load's CPU work, once). */
function FusedLora({ info }: { info: FusedLoraInfo }) {
  const fused = info.fused;
  return (
    <p class="hint" data-testid="model-lora">
      LCM-LoRA fused: {info.label}, scale {info.scale}
      {fused && `, ${fused.tensors} UNet tensors (${fused.format} layout, ${formatBytes(fused.bytes)} beside the file), fused in ${formatDuration(fused.ms)}`}
    </p>
  );
}

/** What the result forming while a run paints is decoded with, and TAESD's offer. */
function PreviewsLine({ previews, loading, onLoad }: { previews: PreviewsStatus; loading: boolean; onLoad: () => void }) {
  return (
    <p class="hint" data-testid="model-previews" data-state={previews.state}>
      {previews.state === 'taesd' ? (
        `Previews while painting: TAESD (${previews.label}), sharper; it costs more per preview, so a full-size model shows fewer steps (about one in four).`
      ) : (
        <>
          Previews while painting: a quick colour map, every step.{' '}
          {previews.state === 'offered' && (
            <button type="button" class="link-button" data-testid="load-taesd" disabled={loading} onClick={onLoad}>
              Sharper previews (TAESD, about 10 MB)
            </button>
          )}
        </>
      )}
    </p>
  );
}

function ModelStatusView({ model }: { model: ModelControls }) {
  const { status, storage } = model;
  switch (status.state) {
    case 'none':
      return (
        <p class="hint" data-testid="model-status" data-state="none">
          Storage: {storage === null ? 'checking…' : storage.cache.persistent ? storage.cache.description : (storage.advice ?? 'none: files are downloaded each session')}
        </p>
      );
    case 'loading': {
      const p = status.progress;
      const fraction = p && p.totalBytes > 0 ? p.loadedBytes / p.totalBytes : undefined;
      return (
        <div data-testid="model-status" data-state="loading">
          <div class="progress-head">
            <span>{status.step}</span>
            {model.cancellable && (
              <button type="button" class="link-button" data-testid="model-cancel" onClick={model.cancelLoad}>
                Cancel
              </button>
            )}
          </div>
          <progress max={1} value={fraction} aria-label="Model download" />
          {p && p.totalBytes > 0 && (
            <span class="hint" data-testid="model-download">
              {formatBytes(p.loadedBytes)} of {formatBytes(p.totalBytes)}
              {p.bytesPerSecond !== undefined ? ` · ${formatBytes(p.bytesPerSecond)}/s` : ''}
              {p.etaMs !== undefined ? ` · ${formatDuration(p.etaMs)} left` : ''}
            </span>
          )}
        </div>
      );
    }
    case 'ready':
      return (
        <div data-testid="model-status" data-state="ready">
          <p>
            <strong>{status.label}</strong> · {formatBytes(status.totalBytes)}
          </p>
          {status.lora.state === 'fused' && <FusedLora info={status.lora.info} />}
          {model.serverTraffic && (
            <p class="hint" data-testid="model-server-traffic">
              Inference server traffic so far: {formatTraffic(model.serverTraffic)}
            </p>
          )}
          <p class="hint">Cache: {status.cached}</p>
          <p class="hint" data-testid="model-verified">
            Check: {status.verified}
          </p>
          <div class="tool-row">
            <button type="button" class="icon-button" data-testid="model-verify" onClick={model.verify}>
              Verify files
            </button>
            <button type="button" class="icon-button" data-testid="model-clear" onClick={model.clear}>
              Clear
            </button>
            <button type="button" class="icon-button" data-testid="model-unload" onClick={model.unload}>
              Use instant remove
            </button>
          </div>
        </div>
      );
    case 'error':
      return (
        <div data-testid="model-status" data-state="error">
          <ErrorBanner explanation={status.explanation} testId="model-error" />
        </div>
      );
  }
}

