import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScheduler } from './index.js';
import type { Scheduler, SchedulerConfig } from './scheduler.js';
import { ConfigReader } from './config.js';
import { noiseSchedule } from './noise-schedule.js';

// Golden values from diffusers + torch (CPU), written by models/export/golden/schedulers.py.
interface SchedulesFixture {
  versions: Record<string, string>;
  base_config: SchedulerConfig;
  alphas_cumprod: Record<string, { config: SchedulerConfig; values: number[] }>;
  timesteps: { class: string; config: SchedulerConfig; steps: number; timesteps: number[]; init_noise_sigma: number; sigmas?: number[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/schedulers/schedules.json', import.meta.url), 'utf8'),
) as SchedulesFixture;
const versions = `diffusers ${fixture.versions.diffusers}, torch ${fixture.versions.torch}`;

// Tolerance for float32 schedule values: 1e-6 relative (about 8 float32 ulps). The beta schedules are
// reproduced op for op and agree exactly; the cosine schedule and sigma interpolation may differ in the
// last ulp because libm cos/log differ between Python and JS.
const SCHEDULE_RTOL = 1e-6;
function expectRelClose(actual: ArrayLike<number>, expected: number[], rtol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = Math.fround(expected[i]!);
    if (Math.abs(actual[i]! - e) > rtol * Math.abs(e)) expect.fail(`index ${i}: ${actual[i]} vs ${e} (rtol ${rtol})`);
  }
}

describe(`noise schedule vs ${versions}`, () => {
  for (const [schedule, { config, values }] of Object.entries(fixture.alphas_cumprod)) {
    it(`alphas_cumprod for ${schedule}`, () => {
      const { alphasCumprod } = noiseSchedule(new ConfigReader({ ...fixture.base_config, ...config }, 'test'), {
        betaStart: 0.0001,
        betaEnd: 0.02,
        betaSchedule: 'linear',
      });
      expectRelClose(alphasCumprod, values, schedule === 'squaredcos_cap_v2' ? SCHEDULE_RTOL : 0);
    });
  }
});

describe(`timesteps, sigmas and init_noise_sigma vs ${versions}`, () => {
  for (const c of fixture.timesteps) {
    it(`${c.class} ${JSON.stringify(c.config)} ${c.steps} steps`, () => {
      const s = createScheduler({ ...fixture.base_config, ...c.config }, c.class);
      s.setTimesteps(c.steps);
      // Timesteps are integers (or float32 values for Euler linspace) and must match exactly.
      expect(s.timesteps).toEqual(c.timesteps.map(Math.fround));
      expectRelClose([s.initNoiseSigma], [c.init_noise_sigma], SCHEDULE_RTOL);
      if (c.sigmas) expectRelClose((s as Scheduler & { sigmas: Float64Array }).sigmas, c.sigmas, SCHEDULE_RTOL);
    });
  }

  it("45 DDIM steps on PowerPaint's SD-1.5 config are diffusers' exact timesteps", () => {
    const s = createScheduler(fixture.base_config, 'ddim');
    s.setTimesteps(45);
    // Printed by diffusers 0.42.1 DDIMScheduler(scaled_linear 0.00085..0.012, steps_offset=1).set_timesteps(45).
    expect(s.timesteps).toEqual([
      969, 947, 925, 903, 881, 859, 837, 815, 793, 771, 749, 727, 705, 683, 661, 639, 617, 595, 573, 551, 529, 507, 485,
      463, 441, 419, 397, 375, 353, 331, 309, 287, 265, 243, 221, 199, 177, 155, 133, 111, 89, 67, 45, 23, 1,
    ]);
  });
});
