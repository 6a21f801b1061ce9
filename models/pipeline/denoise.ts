import { throwIfAborted } from '../engine/errors.js';
import type { GaussianSource } from '../random/gaussian-source.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { UnetStep } from './unet-step.js';

/** The sampling loop; cancellation is honoured between steps so sessions are never left mid-run. */
export async function denoise(
  initialLatents: Float32Array,
  scheduler: Scheduler,
  unet: UnetStep,
  noise: GaussianSource,
  onStep: () => void,
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  let latents = initialLatents;
  for (const t of scheduler.timesteps) {
    // A wasm step resolves without giving the event loop a turn (in Node at least), so a cancel (Ctrl-C, a
    // click) would wait for the whole run: let pending events in before each step.
    await new Promise((resolve) => setTimeout(resolve, 0));
    throwIfAborted(signal);
    const prediction = await unet.predict(scheduler.scaleModelInput(latents, t), t);
    latents = scheduler.step(prediction, t, latents, noise).prevSample;
    onStep();
  }
  return latents;
}
