import { useEffect, useRef, useState } from 'preact/hooks';
import { isCancellation } from '../models/engine/errors.js';
import type { Progress, Task } from '../models/engine/types.js';
import type { PluginToUiMessage, SelectionMessage, SourceMessage } from '../plugin/protocol/messages.js';
import { EngineNote } from './components/engine-note.js';
import { RuntimeLine } from './components/runtime-line.js';
import { SourceCard } from './components/source-card.js';
import { TaskPicker } from './components/task-picker.js';
import type { Engine } from './engine/engine.js';
import { listenToPlugin, postToPlugin } from './plugin-channel.js';
import { runJobAsync } from './run-job.js';
import { describeRuntimeAsync, type RuntimeReport } from './runtime/describe-runtime.js';
import { isBusy, statusText, type Status } from './status.js';

/** The one screen for now: the selected source, the task, Run/Cancel, and what is happening. */
export function App({ engine }: { engine: Engine }) {
  const [task, setTask] = useState<Task>('remove');
  const [selection, setSelection] = useState<SelectionMessage | null>(null);
  const [sourceImage, setSourceImage] = useState<{ sourceId: string; bytes: Uint8Array } | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [runtime, setRuntime] = useState<RuntimeReport | null>(null);
  const running = useRef<{ jobId: string; controller: AbortController } | null>(null);

  useEffect(() => {
    void describeRuntimeAsync().then(setRuntime);
  }, []);

  useEffect(() => {
    const runJob = async (job: SourceMessage) => {
      const controller = new AbortController();
      running.current = { jobId: job.jobId, controller };
      setSourceImage({ sourceId: job.sourceId, bytes: job.image });
      setStatus({ state: 'running', detail: `Running: ${engine.name}…` });
      try {
        const onProgress = (p: Progress) => setStatus({ state: 'running', detail: `${p.stage} ${p.step}/${p.total}` });
        const result = await runJobAsync(engine, job, { signal: controller.signal, onProgress });
        setStatus({ state: 'placing' });
        postToPlugin(result);
      } catch (error) {
        if (isCancellation(error)) return setStatus({ state: 'cancelled' });
        const message = `The run failed: ${error instanceof Error ? error.message : String(error)}`;
        setStatus({ state: 'error', message });
        postToPlugin({ type: 'cancel', jobId: job.jobId });
        postToPlugin({ type: 'notify', message, error: true });
      } finally {
        running.current = null;
      }
    };

    const onMessage = (message: PluginToUiMessage) => {
      switch (message.type) {
        case 'preselect':
          if (message.task !== null) setTask(message.task);
          return;
        case 'selection':
          return setSelection(message);
        case 'source':
          return void runJob(message);
        case 'result-placed':
          return setStatus({ state: 'done', layerName: message.name });
        case 'error':
          return setStatus({ state: 'error', message: message.message });
      }
    };
    const stopListening = listenToPlugin(onMessage);
    postToPlugin({ type: 'ready' });
    return stopListening;
  }, [engine]);

  const source = selection?.source ?? null;
  const busy = isBusy(status);
  const run = () => {
    if (source === null) return;
    setStatus({ state: 'exporting', sourceName: source.name });
    postToPlugin({ type: 'run', sourceId: source.id, task, options: {} });
  };
  const cancel = () => {
    const job = running.current;
    if (job === null) return;
    job.controller.abort();
    postToPlugin({ type: 'cancel', jobId: job.jobId });
  };

  return (
    <main class="app">
      <EngineNote engine={engine} />
      {source !== null ? (
        <SourceCard source={source} image={sourceImage?.sourceId === source.id ? sourceImage.bytes : null} />
      ) : (
        <p class="secondary" data-testid="selection-problem">
          {selection?.problem ?? 'Reading the selection…'}
        </p>
      )}
      <TaskPicker task={task} disabled={busy} onChange={setTask} />
      <div class="actions">
        {status.state === 'running' ? (
          <button type="button" class="secondary-button" data-testid="cancel" onClick={cancel}>
            Cancel
          </button>
        ) : (
          <button type="button" class="primary-button" data-testid="run" disabled={source === null || busy} onClick={run}>
            Run
          </button>
        )}
      </div>
      <p class={status.state === 'error' ? 'status error' : 'status'} data-testid="status" data-state={status.state} role="status">
        {statusText(status)}
      </p>
      <RuntimeLine runtime={runtime} />
    </main>
  );
}
