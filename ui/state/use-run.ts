import { useCallback, useRef, useState } from 'preact/hooks';
import { isCancellation } from '../../models/engine/errors.js';
import type { MaskImage } from '../../models/engine/types.js';
import type { BatchDoneMessage, JobMessage, ResultImage, ResultPlacedMessage } from '../../plugin/protocol/messages.js';
import type { Engine, EngineResult } from '../engine/engine.js';
import { explainError, type Explanation } from '../errors/explain-error.js';
import { encodePngAsync } from '../image/encode-png.js';
import { decodeMaskPngAsync } from '../mask/mask-png.js';
import { postToPlugin } from '../plugin-channel.js';
import type { OutputMode, RunSettings } from '../settings/run-settings.js';
import { engineJobFor } from './engine-job.js';
import { shownRun, type RunState } from './run-state.js';
import { prepareSourceAsync, samePixels, type PreparedSource } from './source-for-job.js';

export interface RunInputs {
  engine: Engine;
  settings: RunSettings;
  /** The source the editor shows and its mask as painted now. */
  prepared: PreparedSource | null;
  mask: MaskImage | null;
  /** Measured ms per step, reported after each model run. */
  onStepMs(ms: number): void;
}

export interface RunControls {
  /**
   * The run as the window shows it: results only while their own layer is the one shown (`prepared`); while
   * another is, a status line says they are kept (see shownRun).
   */
  run: RunState;
  /** Warnings of the last run (e.g. the prompt was cut), shown apart from errors. */
  warnings: string[];
  onJob(job: JobMessage, autoRun: boolean): void;
  onPlaced(message: ResultPlacedMessage): void;
  onBatchDone(message: BatchDoneMessage): void;
  onPluginError(message: string): void;
  /** A run starts: results still waiting (perhaps for another layer) are discarded first. */
  setExporting(sourceName: string): void;
  /** A run could not start: results still waiting are discarded, as any new run discards them. */
  setError(error: unknown): void;
  /** A problem the window words itself. */
  setExplanation(explanation: Explanation): void;
  /** What the last run said (its error, its warnings) no longer holds: the layer, task or model changed. */
  dismissNotes(): void;
  cancel(): void;
  select(index: number): void;
  insert(which: 'selected' | 'all'): void;
  discard(): void;
}

/** Runs the jobs the plugin sends, holds their results until Insert or Discard, and cancels. */
export function useRun(inputs: RunInputs): RunControls {
  const [run, setRunState] = useState<RunState>({ state: 'idle' });
  const [warnings, setWarnings] = useState<string[]>([]);
  const latest = useRef(inputs);
  latest.current = inputs;
  /** Jobs running here, by id: one, or several of a batch when the model runs on an inference server. */
  const active = useRef(new Map<string, AbortController>());
  const abortAll = () => {
    active.current.forEach((controller) => controller.abort());
    active.current.clear();
  };
  const placedNames = useRef<string[]>([]);
  /** What the plugin said about the run's placed results (e.g. whole layers where patches were asked for), once each. */
  const placedNotices = useRef<string[]>([]);
  const runRef = useRef(run);
  runRef.current = run;
  const pixels = inputs.prepared?.pixels;
  const shown = shownRun(run, pixels ? { sourceId: pixels.sourceId, name: pixels.name } : null);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  /** Sets the state, for the callbacks (runRef) at once, not only from the next render. */
  const setRun = useCallback((next: RunState) => {
    runRef.current = next;
    setRunState(next);
  }, []);
  /** The plugin holds a job until its result is inserted or cancelled: let it go before the window moves on. */
  const releaseWaiting = useCallback(() => {
    const current = runRef.current;
    if (current.state !== 'results') return;
    postToPlugin({ type: 'cancel', jobId: current.jobId });
    runRef.current = { state: 'idle' };
  }, []);
  const showProblem = useCallback((explanation: Explanation) => {
    releaseWaiting();
    setRun({ state: 'error', explanation });
  }, []);

  const sendResult = useCallback(async (jobId: string, result: EngineResult, indexes: number[], output: OutputMode) => {
    setRun({ state: 'placing', jobId });
    // One image per message: several 4096 px PNGs in one message is what has crashed Figma (ResultMessage).
    for (const index of indexes) {
      const variation = result.variations[index]!;
      const patch = output === 'patch' ? variation.patch : undefined;
      const picture = patch ? patch.image : variation.image;
      const image: ResultImage = {
        png: await encodePngAsync(picture),
        x: patch ? patch.x : 0,
        y: patch ? patch.y : 0,
        width: picture.width,
        height: picture.height,
        seed: variation.seed,
        variation: index,
      };
      postToPlugin({ type: 'result', jobId, images: [image], parts: indexes.length });
    }
  }, []);

  const onJob = useCallback(
    (job: JobMessage, autoRun: boolean) => {
      // A run's first job: whatever still runs belongs to an earlier run.
      if (job.index === 1) {
        abortAll();
        placedNames.current = [];
        placedNotices.current = [];
      }
      const controller = new AbortController();
      active.current.set(job.jobId, controller);
      const startedAt = performance.now();
      const running: RunState = { state: 'running', jobId: job.jobId, index: job.index, count: job.count, sourceName: job.name, progress: null, preview: null, startedAt };
      setRun(running);
      /**
       * This job's progress or preview on screen. With several of a batch at once (on an inference server),
       * another's placement or failure may be shown meanwhile: a job still running takes the line back.
       */
      const show = (patch: Partial<Extract<RunState, { state: 'running' }>>) => {
        if (controller.signal.aborted) return;
        setRunState((r) => {
          if (r.state === 'running' && r.jobId === job.jobId) return { ...r, ...patch };
          const between = job.count > 1 && (r.state === 'done' || r.state === 'error') && active.current.has(job.jobId);
          return between ? ({ ...running, ...patch } as RunState) : r;
        });
      };
      void (async () => {
        const { engine, settings, prepared, mask } = latest.current;
        try {
          const source = prepared && samePixels(prepared.pixels, job) ? prepared : await prepareSourceAsync(job);
          const painted =
            job.paintedMask === null
              ? null
              : mask && source === prepared && mask.width === job.paintedMask.width && mask.height === job.paintedMask.height
                ? mask
                : await decodeMaskPngAsync(job.paintedMask);
          const engineJob = engineJobFor(source, painted, job.task, job.options, settings);
          const result = await engine.run(engineJob, {
            signal: controller.signal,
            onProgress: (progress) => show({ progress }),
            onPreview: (preview) => show({ preview }),
          });
          if (controller.signal.aborted) return;
          if (result.stepMs !== undefined) latest.current.onStepMs(result.stepMs);
          setWarnings(result.warnings);
          const seconds = (performance.now() - startedAt) / 1000;
          if (autoRun || job.count > 1) {
            await sendResult(job.jobId, result, result.variations.map((_, i) => i), job.output);
          } else {
            setRun({ state: 'results', jobId: job.jobId, sourceId: job.sourceId, sourceName: job.name, result, selected: 0, seconds, output: job.output });
          }
        } catch (error) {
          if (isCancellation(error) || controller.signal.aborted) return;
          const explanation = explainError(error);
          setRun({ state: 'error', explanation });
          postToPlugin({ type: 'job-failed', jobId: job.jobId, message: `${explanation.title} ${explanation.action}`.slice(0, 1000) });
        } finally {
          if (active.current.get(job.jobId) === controller) active.current.delete(job.jobId);
        }
      })();
    },
    [sendResult],
  );

  const cancel = useCallback(() => {
    // Any of the run's jobs names the run: the plugin stops it all.
    const [jobId] = active.current.keys();
    const current = runRef.current;
    if (jobId !== undefined) {
      postToPlugin({ type: 'cancel', jobId });
    } else if (current.state === 'results' || current.state === 'placing') {
      postToPlugin({ type: 'cancel', jobId: current.jobId });
    }
    abortAll();
    setRun({ state: 'cancelled' });
  }, []);

  const insert = useCallback(
    (which: 'selected' | 'all') => {
      const current = runRef.current;
      // Only results shown with their own layer: Insert means "on the layer you see".
      if (current.state !== 'results' || shownRef.current.state !== 'results') return;
      const indexes = which === 'all' ? current.result.variations.map((_, i) => i) : [current.selected];
      // The job says 'layer' where a patch can't stand over its source; Layer chosen since the run still counts.
      const output = latest.current.settings.output === 'layer' ? 'layer' : current.output;
      void sendResult(current.jobId, current.result, indexes, output);
    },
    [sendResult],
  );

  const discard = useCallback(() => {
    const current = runRef.current;
    if (current.state !== 'results') return;
    postToPlugin({ type: 'cancel', jobId: current.jobId });
    abortAll();
    setRun({ state: 'idle' });
  }, []);

  const dismissNotes = useCallback(() => {
    setWarnings([]);
    if (runRef.current.state === 'error') setRun({ state: 'idle' });
  }, []);

  return {
    run: shown,
    warnings,
    dismissNotes,
    onJob,
    onPlaced: (message) => {
      placedNames.current.push(...message.layers.map((layer) => layer.name));
      placedNotices.current.push(...message.notices.filter((notice) => !placedNotices.current.includes(notice)));
      const names = placedNames.current;
      const added = names.length === 1 ? `Added “${names[0]}” above the source.` : `Added ${names.length} layers above the source.`;
      setRun({ state: 'done', text: [added, ...placedNotices.current].join(' ') });
    },
    onBatchDone: (message) => {
      // A single failed job already shows its own, more precise error.
      if (message.cancelled || message.count === 1) return;
      if (message.failed.length > 0) {
        const first = message.failed[0]!;
        setRun({
          state: 'error',
          explanation: {
            kind: 'other',
            title: `${message.failed.length} of ${message.count} layers failed (“${first.sourceName}”: ${first.message})`,
            action: `${message.placed} placed. Fix the layer and run again.`,
          },
        });
      } else {
        setRun({ state: 'done', text: `Done: ${message.placed} of ${message.count} layers placed.` });
      }
    },
    onPluginError: (message) => {
      abortAll();
      setRun({ state: 'error', explanation: { kind: 'other', title: message, action: '' } });
    },
    setExporting: (sourceName) => {
      releaseWaiting();
      setWarnings([]);
      setRun({ state: 'exporting', sourceName });
    },
    setError: (error) => showProblem(explainError(error)),
    setExplanation: showProblem,
    cancel,
    select: (index) => setRunState((r) => (r.state === 'results' ? { ...r, selected: index } : r)),
    insert,
    discard,
  };
}
