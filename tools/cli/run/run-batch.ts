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
 * Every picture in turn with one loaded model. A picture that fails (no mask, sizes that differ, not a
 * PNG, nothing masked, the engine refusing it) is reported by name and the batch goes on. Ctrl-C stops
 * it after the summary of what was done. Exit code 0 when every picture was written, 3 when some failed.
 */
export async function runBatch(engine: CliEngine, items: readonly BatchItem[], settings: RunSettings, context: RunContext): Promise<number> {
  const { io, status, now } = context;
  const started = now();
  const finished: number[] = [];
  let failed = 0;
  let stopped = false;
  for (const [i, item] of items.entries()) {
    const label = `[${i + 1}/${items.length}] ${item.name}`;
    const began = now();
    // Time left in the batch: this picture's ETA plus the ones after it at the pace measured so far.
    const batchEta = (p: RunProgress) => {
      const perPicture = finished.length > 0 ? finished.reduce((a, b) => a + b, 0) / finished.length : now() - began + (p.etaMs ?? 0);
      return p.etaMs === undefined ? '' : `; batch ETA ${formatDuration(p.etaMs + (items.length - i - 1) * perPicture)}`;
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
        break;
      }
      failed++;
      status.print(`failed ${item.name}: ${explainFailure(error).message}`);
    }
    finished.push(now() - began);
  }
  const elapsed = now() - started;
  const done = finished.length - failed;
  const perMinute = elapsed > 0 ? (done * 60_000) / elapsed : 0;
  const left = stopped ? `, stopped with ${items.length - finished.length} not run` : '';
  status.print(`batch: ${done} done, ${failed} failed${left}, of ${items.length} in ${formatDuration(elapsed)} (${perMinute.toFixed(1)} images/min)`);
  if (stopped) return EXIT.interrupted;
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}
