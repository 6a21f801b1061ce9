import { describe, expect, it } from 'vitest';
import { DDIMScheduler } from './ddim.js';

const SD15 = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', set_alpha_to_one: false, steps_offset: 1, clip_sample: false };

describe('DDIMScheduler.linearStep', () => {
  it.each(['epsilon', 'v_prediction', 'sample'])('gives the same step and x0 as step() for %s (float32 rounding apart)', (prediction_type) => {
    const scheduler = new DDIMScheduler({ ...SD15, prediction_type });
    scheduler.setTimesteps(20);
    const x = Float32Array.from({ length: 64 }, (_v, i) => Math.sin(i) * 1.5);
    const m = Float32Array.from({ length: 64 }, (_v, i) => Math.cos(i * 0.7));
    for (const t of [scheduler.timesteps[0]!, scheduler.timesteps[10]!, scheduler.timesteps.at(-1)!]) {
      const { prevSample } = scheduler.step(m, t, x);
      const c = scheduler.linearStep(t)!;
      // Tolerance: a few float32 ulps of values of order 10.
      prevSample.forEach((p, i) => expect(Math.abs(p - (c.sample * x[i]! + c.modelOutput * m[i]!))).toBeLessThan(2e-5));
      // And the step's x0, which live previews show.
      const { predOriginalSample } = scheduler.step(m, t, x);
      predOriginalSample!.forEach((p, i) => expect(Math.abs(p - (c.original.sample * x[i]! + c.original.modelOutput * m[i]!)), `t=${t} i=${i}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(p))));
    }
  });

  it('declines when x0 is clipped, since the step is then not linear', () => {
    const scheduler = new DDIMScheduler({ ...SD15, clip_sample: true });
    scheduler.setTimesteps(10);
    expect(scheduler.linearStep(scheduler.timesteps[0]!)).toBeUndefined();
  });
});
