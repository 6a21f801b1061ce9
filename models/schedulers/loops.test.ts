import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TorchCpuGenerator } from '../random/torch-generator.js';
import { createScheduler } from './index.js';
import type { SchedulerConfig } from './scheduler.js';

// Full sampling loops and add_noise from diffusers + torch (CPU), written by
// models/export/golden/schedulers.py: initial latents torch.randn([1,4,4,4]) from a seeded CPU generator,
// times init_noise_sigma, then per timestep scale_model_input -> dummy model -> step, with Euler-ancestral
// and LCM drawing their step noise from the same generator.
interface LoopsFixture {
  versions: Record<string, string>;
  base_config: SchedulerConfig;
  loops: { name: string; class: string; config: SchedulerConfig; steps: number; seed: number; shape: number[]; after_first_step: number[]; final: number[] }[];
  add_noise: { original: number[]; noise: number[]; cases: { class: string; config: SchedulerConfig; steps: number; timestep: number; values: number[] }[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/schedulers/loops.json', import.meta.url), 'utf8'),
) as LoopsFixture;
const versions = `diffusers ${fixture.versions.diffusers}, torch ${fixture.versions.torch}`;

const f = Math.fround;
/** The golden script's stand-in UNet, `0.1 * x + 0.01 * t / 1000` as float32 torch ops. */
const dummyModel = (x: Float32Array, t: number): Float32Array => x.map((v) => f(f(f(0.1) * v) + f((0.01 * t) / 1000)));

// Loops: 3e-5 absolute plus 2e-5 relative (measured worst: 1.3e-5 absolute, 6e-6 relative). diffusers runs every scalar and elementwise op in float32,
// we run them in float64 and round once per step, and torch's randn differs from ours by ~1e-6 on the
// n >= 16 path; the small differences accumulate over up to 45 steps. Wrong formulas miss by >1e-3.
const LOOP_ATOL = 3e-5;
const LOOP_RTOL = 2e-5;
function expectLoopClose(actual: Float32Array, expected: number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = f(expected[i]!);
    if (!(Math.abs(actual[i]! - e) <= LOOP_ATOL + LOOP_RTOL * Math.abs(e))) expect.fail(`${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

describe(`sampling loops vs ${versions}`, () => {
  for (const c of fixture.loops) {
    it(`${c.name}: ${c.class} ${JSON.stringify(c.config)}, ${c.steps} steps`, () => {
      const scheduler = createScheduler({ ...fixture.base_config, ...c.config }, c.class);
      scheduler.setTimesteps(c.steps);
      const generator = new TorchCpuGenerator(c.seed);
      const count = c.shape.reduce((a, b) => a * b, 1);
      let latents: Float32Array = generator.randn(count).map((v) => v * scheduler.initNoiseSigma);
      scheduler.timesteps.forEach((t, i) => {
        const eps = dummyModel(scheduler.scaleModelInput(latents, t), t);
        latents = scheduler.step(eps, t, latents, generator).prevSample;
        if (i === 0) expectLoopClose(latents, c.after_first_step, 'after first step');
      });
      expectLoopClose(latents, c.final, 'final');
    });
  }
});

describe(`addNoise vs ${versions}`, () => {
  const original = Float32Array.from(fixture.add_noise.original);
  const noise = Float32Array.from(fixture.add_noise.noise);
  for (const c of fixture.add_noise.cases) {
    it(`${c.class} ${JSON.stringify(c.config)} at t=${c.timestep}`, () => {
      const scheduler = createScheduler({ ...fixture.base_config, ...c.config }, c.class);
      scheduler.setTimesteps(c.steps);
      const noisy = scheduler.addNoise(original, noise, f(c.timestep));
      // Reproduced op for op in float32: exact, or within 1 float32 ulp where a sigma comes from libm.
      noisy.forEach((v, i) => expect(Math.abs(v - f(c.values[i]!))).toBeLessThanOrEqual(2 ** -22 * Math.max(1, Math.abs(v))));
    });
  }
});
