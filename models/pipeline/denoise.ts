import { throwIfAborted } from '../engine/errors.js';
import type { GaussianSource } from '../random/gaussian-source.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { LatentEstimate } from '../preview/live-preview.js';
import type { UnetStep } from './unet-step.js';

/**
 * The sampling loop; cancellation is honoured between steps so sessions are never left mid-run. After each step
 * `onStep` gets the step's estimate of the final latents (the scheduler's x0, else the next sample) to preview.
 */
export async function denoise(
  initialLatents: Float32Array,
  scheduler: Scheduler,
  unet: UnetStep,
  noise: GaussianSource,
  onStep: (estimate: LatentEstimate) => void | Promise<void>,
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  let latents = initialLatents;
  for (const t of scheduler.timesteps) {
    // A wasm step resolves without giving the event loop a turn (in Node at least), so a cancel (Ctrl-C, a
    // click) would wait for the whole run: let pending events in before each step.
    await new Promise((resolve) => setTimeout(resolve, 0));
    throwIfAborted(signal);
    const prediction = await unet.predict(scheduler.scaleModelInput(latents, t), t);
    const step = scheduler.step(prediction, t, latents, noise);
    latents = step.prevSample;
    const estimate = step.predOriginalSample ?? step.prevSample;
    await onStep(() => Promise.resolve(estimate));
  }
  return latents;
}
