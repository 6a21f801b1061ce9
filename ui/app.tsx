import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BundleManifest } from '../models/bundle/manifest.js';
import { EngineError } from '../models/engine/errors.js';
import type { Task } from '../models/engine/types.js';
import { DEFAULT_SERVER_JOBS, type ModelSourceSetting, type PluginToUiMessage, type SelectionMessage, type Settings, type SourceMessage, type TaskOptions } from '../plugin/protocol/messages.js';
import { TASK_LABELS } from '../plugin/protocol/task-labels.js';
import { AdvancedPanel } from './components/advanced-panel.js';
import { BrushCanvas } from './components/brush-canvas.js';
import { ErrorBanner } from './components/error-banner.js';
import { FittingDegreeSlider } from './components/fitting-degree-slider.js';
import { LcmLoraNote } from './components/lcm-lora-note.js';
import { MaskToolbar } from './components/mask-toolbar.js';
import { SelectNote } from './components/select-note.js';
import { ModelPanel } from './components/model-panel.js';
import { OutpaintTargetField } from './components/outpaint-target-field.js';
import { ProgressBar } from './components/progress-bar.js';
import { RunPreview } from './components/run-preview.js';
import { PromptField } from './components/prompt-field.js';
import { ResultActions, ResultStrip } from './components/result-strip.js';
import { TaskPicker } from './components/task-picker.js';
import type { Engine } from './engine/engine.js';
import { explainWarning, noWebGpu } from './errors/explain-error.js';
import { encodeMaskPngAsync } from './mask/mask-png.js';
import { heldMaskShapes } from './mask/held-mask-shapes.js';
import { maskHint, usedUpMask } from './mask/mask-hint.js';
import { isMaskEmpty } from './mask/mask-image.js';
import { listenToPlugin, postToPlugin } from './plugin-channel.js';
import { describeRuntimeAsync, type RuntimeReport } from './runtime/describe-runtime.js';
import { countJobWindows } from './runtime/count-windows.js';
import { estimateRunTime } from './runtime/time-estimate.js';
import { formatEstimate } from './format/format-estimate.js';
import { DEFAULT_MODEL_SOURCE, outpaintOptions, runSettingsFrom, storedSettingsFrom, taskOptionsFrom } from './settings/protocol-settings.js';
import { defaultRunSettings, randomSeed, type RunSettings } from './settings/run-settings.js';
import { matchingPreset, presetFollowingModel, withPreset } from './settings/speed-presets.js';
import { isBusy } from './state/run-state.js';
import { engineJobFor } from './state/engine-job.js';
import { prepareSourceAsync, type PreparedSource } from './state/source-for-job.js';
import { useMaskEditor } from './state/use-mask-editor.js';
import { useSelectModel } from './segment/use-select-model.js';
import { useSelectTool } from './segment/use-select-tool.js';
import { instantEngine, useModel } from './state/use-model.js';
import { useRun } from './state/use-run.js';
import { useDebounced } from './state/use-debounced.js';
import { useShortcuts } from './state/use-shortcuts.js';
import { MINIMIZED_SIZE, MinimizedBar } from './components/minimized-bar.js';

/** Room for the mask editor beside the task fields; Figma's default window is smaller. */
const WINDOW_SIZE = { width: 360, height: 680 };

/** The plugin window: source and mask, task and its fields, speed, Run, progress, results, model. */
export function App({ engineOverride }: { engineOverride?: Engine }) {
  const model = useModel();
  const engine = engineOverride ?? model.engine;
  /** LCM-LoRA is fused into the model that runs: Fast is then LCM sampling (settings/speed-presets.ts). */
  const lcmLora = engine === model.engine && model.lora.state === 'fused';
  /** A remove run on instant remove although a model is loaded: a preview in a second, no model time. */
  const [instantPreview, setInstantPreview] = useState(false);
  const runEngine: Engine = instantPreview ? instantEngine : engine;
  const [settings, setSettings] = useState<RunSettings>(() => defaultRunSettings());
  /** Where the model panel loads from; stored with the settings. */
  const [modelSource, setModelSource] = useState<ModelSourceSetting>(DEFAULT_MODEL_SOURCE);
  // The next model load runs on the server the settings name, while they say so.
  const serverUrl = modelSource.serverOn ? modelSource.serverUrl?.trim() : undefined;
  useEffect(() => {
    model.setServer(serverUrl ? { url: serverUrl, token: modelSource.serverToken || undefined } : null);
  }, [serverUrl, modelSource.serverToken]);
  const [selection, setSelection] = useState<SelectionMessage | null>(null);
  const [prepared, setPrepared] = useState<PreparedSource | null>(null);
  const [runtime, setRuntime] = useState<RuntimeReport | null>(null);
  const [stepMs, setStepMs] = useState<Record<string, number>>({});
  const stored = useRef<Settings | null>(null);
  const preselect = useRef<{ task: Task | null; options?: TaskOptions; autoRun: boolean }>({ task: null, autoRun: false });
  const requested = useRef<string>('');
  /**
   * The plugin could not read the selected layer for the editor (its words). Shown until the selection
   * changes, the layer is read after all, or a run starts (which reads it again and says so if it fails).
   */
  const [sourceProblem, setSourceProblem] = useState<string | null>(null);
  /** Layers the last run placed: selecting them is the plugin's doing, not the person moving on. */
  const placedIds = useRef(new Set<string>());
  /** A run over several layers is on: a later layer that cannot start is named in its summary. */
  const batchRunning = useRef(false);
  /** Folded to one line between runs, keeping the loaded model (see MinimizedBar). */
  const [minimized, setMinimized] = useState(false);
  const fold = (folded: boolean) => {
    setMinimized(folded);
    const size = folded ? MINIMIZED_SIZE : WINDOW_SIZE;
    postToPlugin({ type: 'resize', width: size.width, height: size.height });
  };

  const source = selection?.sources[0] ?? null;
  const batch = (selection?.sources.length ?? 0) > 1;
  const canvas = prepared?.composed.canvas ?? null;
  const editorKey = prepared ? `${prepared.pixels.sourceId}:${canvas!.width}x${canvas!.height}` : null;
  const editor = useMaskEditor(editorKey, canvas?.width ?? 0, canvas?.height ?? 0, prepared?.shapes ?? null);
  const selectModel = useSelectModel();
  const select = useSelectTool(editor, canvas, selectModel);

  const run = useRun({
    engine: runEngine,
    settings,
    prepared,
    mask: editor.mask,
    onStepMs: (ms) => setStepMs((s) => ({ ...s, [runEngine.name]: ms })),
  });
  const busy = isBusy(run.run);
  useShortcuts(editor, prepared !== null && !busy);

  // What a run said (its error, its warnings) holds for that layer, task and model: once one of them changes
  // it is no longer r.
  const dismissRunNotes = run.dismissNotes;
  useEffect(dismissRunNotes, [settings.task, engine]);
  // "Nothing is painted yet" no longer holds once something is.
  useEffect(() => {
    if (run.run.state === 'error' && run.run.explanation.kind === 'empty-mask' && editor.maskedPixels > 0) dismissRunNotes();
  }, [editor.maskedPixels]);

  useEffect(() => {
    void describeRuntimeAsync().then(setRuntime);
  }, []);

  // Messages from the plugin.
  const onSource = useCallback(async (message: SourceMessage) => {
    try {
      const ready = await prepareSourceAsync(message);
      if (message.requestId === requested.current) {
        setPrepared(ready);
        setSourceProblem(null);
      }
    } catch (error) {
      setSourceProblem(`This layer's image could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, []);
  const handlers = useRef<(message: PluginToUiMessage) => void>(() => undefined);
  handlers.current = (message) => {
    switch (message.type) {
      case 'preselect':
        preselect.current = { task: message.task, ...(message.options && { options: message.options }), autoRun: message.autoRun ?? false };
        if (message.task !== null) setSettings((s) => ({ ...s, ...withTask(s, message.task!, lcmLora) }));
        return;
      case 'settings': {
        stored.current = message.settings;
        const task = preselect.current.task ?? message.settings.task;
        setSettings(runSettingsFrom(message.settings, task, preselect.current.options));
        setModelSource(message.settings.model);
        return;
      }
      case 'selection': {
        const own = message.sources.length > 0 && message.sources.every((s) => placedIds.current.has(s.id));
        if (!own && !sameLayers(selection, message)) {
          setSourceProblem(null);
          dismissRunNotes();
          batchRunning.current = false;
        }
        setSelection(message);
        if (message.sources.length === 0) setPrepared(null);
        return;
      }
      case 'source':
        void onSource(message);
        return;
      case 'job':
        run.onJob(message, preselect.current.autoRun);
        return;
      case 'result-placed':
        for (const layer of message.layers) placedIds.current.add(layer.id);
        run.onPlaced(message);
        return;
      case 'batch-done':
        batchRunning.current = false;
        run.onBatchDone(message);
        return;
      case 'error': {
        // Each problem is shown once, in the action bar. A job's error stops that job if it is still on;
        // any other job has ended already, and its error is the window's own report of it coming back
        // (the window shows it since it failed) or that of a job cancelled meanwhile.
        const r = run.run;
        if (message.jobId !== undefined) {
          if ((r.state === 'running' || r.state === 'placing' || r.state === 'results') && r.jobId === message.jobId) run.onPluginError(message.message);
          return;
        }
        // The run could not start (the layer changed, another run is on…).
        if (r.state === 'exporting') return run.onPluginError(message.message);
        // A later layer of a batch that could not start: the batch's summary names it.
        if (batchRunning.current) return;
        // Otherwise it is about the selected layer.
        setSourceProblem(message.message);
        return;
      }
    }
  };
  useEffect(() => {
    const stop = listenToPlugin((message) => handlers.current(message));
    postToPlugin({ type: 'ready' });
    postToPlugin({ type: 'resize', width: WINDOW_SIZE.width, height: WINDOW_SIZE.height });
    return stop;
  }, []);

  // Ask for the selected layer's pixels for the editor; outpaint's canvas depends on its target.
  const outpaintKey = settings.task === 'outpaint' ? JSON.stringify(outpaintOptions(settings)) : '';
  // Shapes shown, hidden or used up in Figma since the pixels came: ask again, so the hint stays true.
  const maskKey = source === null ? '' : [...source.maskLayers, ...source.usedUpMaskLayers].map((layer) => layer.id).join(',');
  useEffect(() => {
    if (source === null) {
      requested.current = '';
      return;
    }
    // No frame to extend to: wait for the ratio chosen below instead of asking for a canvas that can't be.
    if (settings.task === 'outpaint' && source.outpaint === null && settings.outpaintTarget.kind === 'frame') return;
    const key = `${source.id}|${settings.task === 'outpaint' ? 'outpaint' : 'inpaint'}|${outpaintKey}|${maskKey}`;
    if (requested.current === key) return;
    requested.current = key;
    const options = settings.task === 'outpaint' ? outpaintOptions(settings) : undefined;
    postToPlugin({ type: 'load-source', requestId: key, sourceId: source.id, task: settings.task, ...(options && { options }) });
  }, [source?.id, settings.task === 'outpaint', outpaintKey, maskKey]);
  useEffect(() => {
    if (prepared && source && prepared.pixels.sourceId !== source.id) setPrepared(null);
  }, [source?.id]);

  // Outpaint to a frame that isn't there: extend to a ratio instead (the field shows the choice).
  useEffect(() => {
    if (settings.task === 'outpaint' && source !== null && source.outpaint === null && settings.outpaintTarget.kind === 'frame') {
      setSettings((s) => ({ ...s, outpaintTarget: { kind: 'aspect', ratio: '16:9' } }));
    }
  }, [settings.task, source?.id, source?.outpaint === null]);

  // Save settings (debounced) to clientStorage through the plugin.
  useEffect(() => {
    if (stored.current === null) return;
    const timer = setTimeout(() => {
      const next = storedSettingsFrom(settings, stored.current, modelSource);
      stored.current = next;
      postToPlugin({ type: 'save-settings', settings: next });
    }, 400);
    return () => clearTimeout(timer);
  }, [settings, modelSource]);

  // A preset follows the model: LCM-LoRA fused or gone, or settings read back from storage.
  useEffect(() => {
    setSettings((s) => presetFollowingModel(s, lcmLora) ?? s);
  }, [lcmLora, settings.preset, settings.task, settings.steps, settings.guidance, settings.scheduler]);

  const change = (patch: Partial<RunSettings>) =>
    setSettings((s) => {
      const next = { ...s, ...patch };
      return { ...next, preset: matchingPreset(next, lcmLora) };
    });

  const startRun = async (newSeed: boolean, preview = false) => {
    if (source === null || !selection) return;
    const task = settings.task;
    // The action bar already says that this task needs the model (and Run waits); Cmd-Enter in the prompt too.
    if (!engine.tasks.includes(task)) return;
    setInstantPreview(preview);
    setSourceProblem(null);
    placedIds.current = new Set();
    batchRunning.current = batch;
    const seed = newSeed || settings.seedMode === 'new' ? randomSeed() : settings.seed;
    const next = { ...settings, seed };
    setSettings(next);
    const current = batch ? null : editor.mask;
    if (!batch && task !== 'outpaint' && (current === null || isMaskEmpty(current))) {
      return source.usedUpMaskLayers.length > 0
        ? run.setExplanation({ kind: 'empty-mask', title: 'Nothing marks what to paint.', action: `${usedUpMask(source.usedUpMaskLayers)}, or paint over the area to change, then run again.` })
        : run.setError(new EngineError('empty-mask', 'The mask is empty.'));
    }
    run.setExporting(batch ? `${selection.sources.length} layers` : source.name);
    const mask = current && !isMaskEmpty(current) ? await encodeMaskPngAsync(current) : undefined;
    // Only the Figma shapes the painted mask still holds were used; the plugin hides those and no others.
    const used = mask && prepared ? heldMaskShapes(current!, prepared.shapeCrops).held.map((layer) => layer.id) : undefined;
    postToPlugin({
      type: 'run',
      sourceIds: batch ? selection.sources.map((s) => s.id) : [source.id],
      task,
      options: taskOptionsFrom(next),
      output: next.output,
      ...(mask && { mask, usedMaskLayerIds: used ?? [] }),
      // A server batches concurrent requests on its GPU: a batch keeps several layers there at once.
      ...(batch && !preview && engine.sendsTo !== undefined && { jobsAtOnce: modelSource.serverJobs ?? DEFAULT_SERVER_JOBS }),
    });
  };

  const manifest = (engine as { model?: { manifest?: BundleManifest } }).model?.manifest;
  const settledMask = useDebounced(editor.version, 300);
  const heldShapes = useMemo(
    () => (prepared && editor.mask ? heldMaskShapes(editor.mask, prepared.shapeCrops) : { held: [], dropped: [] }),
    [prepared, editor.mask, settledMask],
  );
  // The windows of the very job Run would start (same mask, same path through the runners).
  const windows = useMemo(() => {
    if (!manifest || !prepared) return 1;
    const painted = !batch && editor.mask !== null && !isMaskEmpty(editor.mask) ? editor.mask : null;
    return Math.max(1, countJobWindows(engineJobFor(prepared, painted, settings.task, taskOptionsFrom(settings), settings), manifest));
  }, [manifest, prepared, settings.task, settledMask, batch]);

  const estimate = useMemo(() => {
    if (!canvas) return null;
    const isModel = engine.isModel;
    return estimateRunTime({
      engine: isModel ? 'model' : 'instant',
      backend: runtime?.webgpu && model.backend !== 'wasm' ? 'webgpu' : 'wasm',
      adapter: runtime?.text,
      nativeSize: manifest ? manifest.sampleSize * manifest.vaeScaleFactor : 512,
      ...(manifest && { unetBytes: manifest.files.filter((f) => f.path.startsWith('unet/')).reduce((n, f) => n + f.bytes, 0) }),
      task: settings.task,
      steps: settings.steps,
      guidance: settings.guidance,
      variations: settings.variations,
      windows,
      measuredStepMs: stepMs[engine.name],
      maskedPixels: editor.maskedPixels,
    });
  }, [canvas, engine, runtime, settings, stepMs, editor.maskedPixels, model.backend, windows]);

  const needsModel = !engine.tasks.includes(settings.task);
  const showBrush = prepared !== null && settings.task !== 'outpaint' && !batch;
  const r = run.run;
  const before = prepared ? (settings.task === 'outpaint' && r.state === 'results' && r.result.sourceOffset.x !== 0 ? prepared.composed.image : prepared.composed.canvas) : null;
  const wasmModel = engine.isModel && (engine as { model?: { backend?: { backend: string; reason: string } } }).model?.backend;

  if (minimized) return <MinimizedBar engineName={engine.name} onExpand={() => fold(false)} />;
  return (
    <main class="app">
      <div class="app-body" data-testid="app-body">
        <button type="button" class="link-button minimize" data-testid="minimize" title="Fold the window to one line; the model stays loaded" onClick={() => fold(true)}>
          Minimize
        </button>
        <header class="source-line" data-testid="source">
          {source !== null ? (
            <>
              <span class="source-name">{batch ? `${selection!.sources.length} layers selected` : source.name}</span>
              <span class="secondary">
                {batch ? ' · each is run in turn, every variation inserted' : ` · ${source.width} × ${source.height} px`}
              </span>
            </>
          ) : (
            <span class="secondary" data-testid="selection-problem">
              {selection?.problem ?? 'Reading the selection…'}
            </span>
          )}
        </header>

        {wasmModel && wasmModel.backend === 'wasm' && model.backend === 'auto' && <ErrorBanner explanation={noWebGpu(wasmModel.reason)} tone="warning" testId="no-webgpu" />}

        <TaskPicker task={settings.task} disabled={busy} available={engine.tasks} onChange={(task) => setSettings((s) => withTask(s, task, lcmLora))} />

        {(settings.task === 'object' || settings.task === 'shape') && (
          <PromptField
            id="prompt"
            label={settings.task === 'object' ? 'What to insert' : 'What fills the shape'}
            value={settings.prompt}
            placeholder={settings.task === 'object' ? 'e.g. a red kite in the sky' : 'e.g. a ceramic vase with flowers'}
            hint="Short and concrete works best (the model reads up to 77 tokens)."
            disabled={busy}
            onInput={(prompt) => change({ prompt })}
            onSubmit={() => void startRun(false)}
          />
        )}
        {settings.task === 'shape' && <FittingDegreeSlider value={settings.fittingDegree} disabled={busy} onInput={(fittingDegree) => change({ fittingDegree })} />}
        {settings.task === 'outpaint' && (
          <OutpaintTargetField target={settings.outpaintTarget} frame={source?.outpaint ?? null} disabled={busy} onChange={(outpaintTarget) => change({ outpaintTarget })} />
        )}

        {prepared && showBrush && (
          <section class="editor" aria-label="Mask">
            <BrushCanvas
              image={prepared.composed.canvas}
              editor={editor}
              region={null}
              disabled={busy}
              label={`${source?.name ?? 'Source'} with the mask: ${editor.maskedPixels} pixels painted`}
              select={select}
            />
            <MaskToolbar editor={editor} disabled={busy} shapeCount={prepared.pixels.masks.length} onUseShapes={() => editor.addShapes(prepared.shapes)} />
            {editor.mode === 'select' && <SelectNote model={selectModel} tool={select} disabled={busy} />}
            <p class="hint" data-testid="mask-hint">
              {maskHint(heldShapes, source?.usedUpMaskLayers ?? [])}
            </p>
          </section>
        )}
        {batch && (
          <p class="hint" data-testid="batch-note">
            Each layer is repainted where the shapes drawn over it in Figma are (layers named “mask”, or shapes above it).
          </p>
        )}
        {prepared && !showBrush && !batch && (
          <section class="editor" aria-label="Outpaint preview">
            <BrushCanvas image={prepared.composed.canvas} editor={editor} region={prepared.region} disabled label="The canvas to fill; blue is the new area" />
            <p class="hint" data-testid="outpaint-size">
              {prepared.region ? `The blue area will be filled: ${prepared.pixels.canvas.width} × ${prepared.pixels.canvas.height} px in all.` : 'Nothing to extend: the image already fills this canvas. Choose a ratio or pixels per side.'}
            </p>
          </section>
        )}
        {prepared?.pixels.notices.map((notice) => (
          <p key={notice} class="hint">
            {notice}
          </p>
        ))}

        <AdvancedPanel
          settings={settings}
          disabled={busy}
          isModel={engine.isModel}
          onPreset={(preset) => setSettings((s) => (preset === 'custom' ? s : withPreset(s, preset, lcmLora)))}
          onChange={change}
          speedNote={settings.preset === 'fast' && engine.isModel && <LcmLoraNote lora={model.lora} loading={model.status.state === 'loading'} onLoad={model.loadLcmLora} />}
        />

        {r.state === 'running' && r.preview && prepared && <RunPreview source={prepared.composed.canvas} preview={r.preview} />}
        {r.state === 'results' && before && <ResultStrip result={r.result} before={before} selected={r.selected} seconds={r.seconds} onSelect={run.select} />}
        {run.warnings.map((warning) => (
          <ErrorBanner key={warning} explanation={explainWarning(warning)} tone="warning" testId="warning" />
        ))}

        <ModelPanel model={model} runtime={runtime} estimate={estimate} disabled={busy} source={modelSource} onSourceChange={setModelSource} />
      </div>

      {/* The action bar: always in view below the scrolling form, with every problem the window has to tell. */}
      <footer class="action-bar" data-testid="action-bar">
        {needsModel && (
          <ErrorBanner
            explanation={{ kind: 'needs-model', title: `${TASK_LABELS[settings.task]} needs the PowerPaint model.`, action: 'Load one in the Model panel above; instant remove only removes.' }}
            tone="warning"
            testId="needs-model"
          />
        )}
        {sourceProblem !== null && (
          <ErrorBanner explanation={{ kind: 'other', title: sourceProblem, action: '' }} tone="warning" testId="source-problem" />
        )}
        {runEngine.sendsTo !== undefined && (
          <p class="note server-notice" data-testid="server-notice">
            Pictures and prompts are sent to the inference server at <strong>{runEngine.sendsTo}</strong> to be painted (Model panel › Inference server).
          </p>
        )}
        <div class="status" data-testid="status" data-state={r.state} role="status" aria-live="polite">
          {r.state === 'error' ? <ErrorBanner explanation={r.explanation} announce={false} /> : statusText(r)}
        </div>
        {r.state === 'running' ? (
          <ProgressBar progress={r.progress} index={r.index} count={r.count} sourceName={r.sourceName} onCancel={run.cancel} />
        ) : r.state === 'results' && before ? (
          <ResultActions
            count={r.result.variations.length}
            onInsert={() => run.insert('selected')}
            onInsertAll={() => run.insert('all')}
            onDiscard={run.discard}
            onRunAgain={() => {
              run.discard();
              void startRun(true, instantPreview);
            }}
          />
        ) : (
          <div class="actions">
            {estimate && !needsModel && (
              <span class="hint run-estimate" data-testid="run-estimate" title={estimate.basis}>
                {formatEstimate(estimate)}
              </span>
            )}
            {engine.isModel && settings.task === 'remove' && (
              <button
                type="button"
                class="secondary-button"
                data-testid="instant-preview"
                title="Fill from around the painted area in a moment, without the model"
                disabled={source === null || busy}
                onClick={() => void startRun(false, true)}
              >
                Instant preview
              </button>
            )}
            <button
              type="button"
              class="primary-button"
              data-testid="run"
              disabled={source === null || busy || needsModel}
              onClick={() => void startRun(false)}
            >
              {TASK_LABELS[settings.task]}
            </button>
          </div>
        )}
      </footer>
    </main>
  );
}

/** The same layers selected (a selection message repeated, or the plugin re-reading it). */
function sameLayers(a: SelectionMessage | null, b: SelectionMessage): boolean {
  return a !== null && a.sources.length === b.sources.length && a.sources.every((s, i) => s.id === b.sources[i]!.id);
}

function withTask(settings: RunSettings, task: Task, lcmLora: boolean): RunSettings {
  if (settings.task === task) return settings;
  // A preset means different guidance per task: keep the preset, not its old numbers.
  const next = { ...settings, task };
  return settings.preset === 'custom' ? next : withPreset(next, settings.preset, lcmLora);
}

function statusText(run: ReturnType<typeof useRun>['run']): string {
  switch (run.state) {
    case 'idle':
    case 'running':
    case 'results':
      return '';
    case 'exporting':
      return `Reading “${run.sourceName}” from Figma…`;
    case 'placing':
      return 'Placing the result in Figma…';
    case 'done':
      return run.text;
    case 'cancelled':
      return 'Cancelled. Nothing was added.';
    case 'error':
      // The error itself is the status (ErrorBanner inside it): nothing to add.
      return '';
  }
}
