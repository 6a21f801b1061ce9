import { isCancellation } from '../../../models/engine/errors.js';
import { formatDuration } from '../../../ui/format/format-duration.js';
import type { RunSettings } from '../commands/run-options.js';
import { explainFailure } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CliEngine } from '../model/load-engine.js';
import { describeRun } from '../progress/describe-progress.js';
import type { BatchItem } from './batch-items.js';
import type { RunContext } from './run-context.js';
import { readInputs } from './read-inputs.js';
import { runImage, type RunProgress } from './run-image.js';
import { reportResult } from './report-result.js';

/**
 * Every picture with one loaded model, up to `engine.concurrency` at once (several only against an
 * inference server, which batches them on its GPU), started in the folder's order. A picture that fails
 * (no mask, sizes that differ, not a PNG, nothing masked, the engine or the server refusing it) is
 * reported by name and the batch goes on. Ctrl-C starts no more and stops those in hand, then prints the
 * summary of what was done. Exit code 0 when every picture was written, 3 when some failed.
 */
export async function runBatch(engine: CliEngine, items: readonly BatchItem[], settings: RunSettings, context: RunContext): Promise<number> {
  const { io, status, now } = context;
  const started = now();
  const finished: number[] = [];
  let failed = 0;
  let stopped = false;
  let next = 0;
  const perPicture = () => finished.reduce((a, b) => a + b, 0) / finished.length;

  const runItem = async (i: number): Promise<void> => {
    const item = items[i]!;
    const label = `[${i + 1}/${items.length}] ${item.name}`;
    const began = now();
    // Time left in the batch: this picture's ETA plus the ones not started, shared by the runs in flight.
    const batchEta = (p: RunProgress) => {
      if (p.etaMs === undefined) return '';
      const each = finished.length > 0 ? perPicture() : now() - began + p.etaMs;
      return `; batch ETA ${formatDuration(p.etaMs + ((items.length - next) * each) / engine.concurrency)}`;
    };
    status.show(label, true);
    try {
      const inputs = await readInputs(item.image, item.mask);
      const result = await runImage(engine, inputs, settings, {
        signal: io.signal,
        onProgress: (p) => status.show(`${label}: ${describeRun(p)}${batchEta(p)}`),
      });
      await reportResult(result, item.out, context);
    } catch (error) {
      if (isCancellation(error)) {
        stopped = true;
        return;
      }
      failed++;
      status.print(`failed ${item.name}: ${explainFailure(error).message}`);
    }
    finished.push(now() - began);
  };

  const worker = async () => {
    while (!stopped && !io.signal?.aborted && next < items.length) await runItem(next++);
  };
  await Promise.all(Array.from({ length: Math.min(engine.concurrency, items.length) }, worker));
  stopped ||= io.signal?.aborted === true && finished.length < items.length;

  const elapsed = now() - started;
  const done = finished.length - failed;
  const perMinute = elapsed > 0 ? (done * 60_000) / elapsed : 0;
  const left = stopped ? `, stopped with ${items.length - finished.length} not run` : '';
  const parallel = engine.concurrency > 1 ? `, up to ${engine.concurrency} at once` : '';
  status.print(`batch: ${done} done, ${failed} failed${left}, of ${items.length} in ${formatDuration(elapsed)} (${perMinute.toFixed(1)} images/min${parallel})`);
  if (stopped) return EXIT.interrupted;
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}
