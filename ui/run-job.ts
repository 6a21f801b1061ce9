import type { RunControl } from '../models/engine/types.js';
import type { ResultMessage, SourceMessage } from '../plugin/protocol/messages.js';
import { TASK_LABELS } from '../plugin/protocol/task-labels.js';
import type { Engine } from './engine/engine.js';
import { wholeImageMask } from './mask/whole-image-mask.js';
import { decodeImageAsync } from './image/decode-image.js';
import { encodePngAsync } from './image/encode-png.js';

/** One job, start to finish: decode the source, run the engine, encode the result for the plugin. */
export async function runJobAsync(engine: Engine, job: SourceMessage, control: RunControl): Promise<ResultMessage> {
  const image = await decodeImageAsync(job.image);
  const mask = wholeImageMask(image.width, image.height);
  const result = await engine.run(image, mask, job.task, job.options, control);
  return {
    type: 'result',
    jobId: job.jobId,
    png: await encodePngAsync(result),
    width: result.width,
    height: result.height,
    taskLabel: TASK_LABELS[job.task],
  };
}
