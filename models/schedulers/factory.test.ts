import { describe, expect, it } from 'vitest';
import { TorchCpuGenerator } from '../random/torch-generator.js';
import {
  createScheduler,
  DDIMScheduler,
  DPMSolverMultistepScheduler,
  EulerAncestralDiscreteScheduler,
  LCMScheduler,
  SCHEDULER_NAMES,
  UniPCMultistepScheduler,
} from './index.js';
import type { SchedulerConfig } from './scheduler.js';

// PowerPaint's SD-1.5 scheduler_config.json (a PNDM config, as runwayml ships it).
const SD15: SchedulerConfig = {
  _class_name: 'PNDMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
};

describe('createScheduler', () => {
  it('maps class names and short names to classes', () => {
    expect(createScheduler({ ...SD15, _class_name: 'DDIMScheduler' })).toBeInstanceOf(DDIMScheduler);
    expect(createScheduler(SD15, 'ddim')).toBeInstanceOf(DDIMScheduler);
    expect(createScheduler(SD15, 'dpmpp-2m')).toBeInstanceOf(DPMSolverMultistepScheduler);
    expect(createScheduler(SD15, 'euler-a')).toBeInstanceOf(EulerAncestralDiscreteScheduler);
    expect(createScheduler(SD15, 'unipc')).toBeInstanceOf(UniPCMultistepScheduler);
    expect(createScheduler(SD15, 'lcm')).toBeInstanceOf(LCMScheduler);
    expect(createScheduler(SD15, 'UniPCMultistepScheduler')).toBeInstanceOf(UniPCMultistepScheduler);
  });

  it('dpmpp-2m-karras is DPM-Solver++ 2M with Karras sigmas, whatever the base config says', () => {
    const short = createScheduler({ ...SD15, use_karras_sigmas: false }, 'dpmpp-2m-karras');
    const explicit = new DPMSolverMultistepScheduler({ ...SD15, use_karras_sigmas: true });
    short.setTimesteps(20);
    explicit.setTimesteps(20);
    expect(short.timesteps).toEqual(explicit.timesteps);
    const plain = createScheduler({ ...SD15, use_karras_sigmas: true }, 'dpmpp-2m');
    plain.setTimesteps(20);
    expect(plain.timesteps).not.toEqual(explicit.timesteps);
  });

  it('names the supported schedulers when the name is unknown or missing', () => {
    expect(() => createScheduler(SD15)).toThrow(/unknown scheduler "PNDMScheduler".*DDIMScheduler.*dpmpp-2m-karras.*lcm/);
    expect(() => createScheduler({ beta_start: 0.00085 })).toThrow(/no _class_name.*euler-a/);
    expect(() => createScheduler(SD15, 'heun')).toThrow(/unknown scheduler "heun"/);
    expect(SCHEDULER_NAMES).toContain('dpmpp-2m-karras');
  });

  it('ignores keys the class does not know, as diffusers does', () => {
    expect(() => createScheduler({ ...SD15, skip_prk_steps: true, some_future_key: 3 }, 'ddim')).not.toThrow();
  });
});

describe('config errors: values that change behaviour and are not supported throw', () => {
  const cases: [string, SchedulerConfig, RegExp][] = [
    ['ddim', { thresholding: true }, /thresholding=true is not supported/],
    ['ddim', { beta_schedule: 'sigmoid' }, /beta_schedule="sigmoid".*"linear", "scaled_linear", "squaredcos_cap_v2"/],
    ['ddim', { timestep_spacing: 'karras' }, /timestep_spacing="karras".*"leading", "trailing", "linspace"/],
    ['ddim', { rescale_betas_zero_snr: true }, /rescale_betas_zero_snr=true is not supported/],
    ['ddim', { prediction_type: 'flow_prediction' }, /prediction_type="flow_prediction"/],
    ['ddim', JSON.parse('{"num_train_timesteps":"1000"}') as SchedulerConfig, /num_train_timesteps="1000".*number/],
    ['ddim', { num_train_timesteps: 10.5 }, /num_train_timesteps=10.5.*integer/],
    ['ddim', { trained_betas: [0.1, 0.2] }, /trained_betas has 2 values but num_train_timesteps is 1000/],
    ['DPMSolverMultistepScheduler', { algorithm_type: 'sde-dpmsolver++' }, /algorithm_type="sde-dpmsolver\+\+"/],
    ['DPMSolverMultistepScheduler', { solver_order: 3 }, /solver_order 3 is not supported/],
    ['dpmpp-2m', { use_exponential_sigmas: true }, /use_exponential_sigmas=true/],
    ['dpmpp-2m', { use_lu_lambdas: true }, /use_lu_lambdas=true/],
    ['dpmpp-2m', { variance_type: 'learned_range' }, /variance_type="learned_range"/],
    ['dpmpp-2m', { final_sigmas_type: 'max' }, /final_sigmas_type="max"/],
    ['euler-a', { prediction_type: 'sample' }, /prediction_type="sample".*"epsilon", "v_prediction"/],
    ['unipc', { use_flow_sigmas: true }, /use_flow_sigmas=true/],
    ['unipc', { solver_type: 'bh3' }, /solver_type="bh3"/],
    ['unipc', { solver_type: 'bh1' }, /final_sigmas_type "sigma_min"/],
    ['unipc', { predict_x0: false, final_sigmas_type: 'zero' }, /final_sigmas_type "sigma_min"/],
    ['lcm', { original_inference_steps: 2000 }, /original_inference_steps 2000 exceeds/],
  ];
  for (const [name, over, message] of cases) {
    it(`${name} ${JSON.stringify(over)}`, () => expect(() => createScheduler({ ...SD15, ...over }, name)).toThrow(message));
  }

  it('rejects step counts outside the training range and steps before setTimesteps', () => {
    const ddim = createScheduler(SD15, 'ddim');
    expect(() => ddim.setTimesteps(0)).toThrow(/1\.\.1000/);
    expect(() => ddim.setTimesteps(1001)).toThrow(/1\.\.1000/);
    expect(() => ddim.step(new Float32Array(4), 1, new Float32Array(4))).toThrow(/setTimesteps first/);
    expect(() => createScheduler(SD15, 'lcm').setTimesteps(51)).toThrow(/original_inference_steps 50/);
  });

  it('needs a GaussianSource where diffusers draws step noise, and matching tensor sizes', () => {
    const euler = createScheduler(SD15, 'euler-a');
    euler.setTimesteps(10);
    const t = euler.timesteps[0]!;
    expect(() => euler.step(new Float32Array(4), t, new Float32Array(4))).toThrow(/GaussianSource/);
    expect(() => euler.step(new Float32Array(3), t, new Float32Array(4), new TorchCpuGenerator(0))).toThrow(/3 values for a sample of 4/);
    expect(() => euler.scaleModelInput(new Float32Array(4), 123.5)).toThrow(/not in the schedule/);
  });
});

describe('scheduler semantics', () => {
  it('Euler ancestral scales the model input by 1 / sqrt(sigma^2 + 1) of the current step', () => {
    const euler = new EulerAncestralDiscreteScheduler(SD15);
    euler.setTimesteps(20);
    const sample = Float32Array.from([1, -2, 0.5, 3]);
    const sigma0 = euler.sigmas[0]!;
    // diffusers: sigma_max of SD-1.5 is 14.6146 (see schedules.json); the init sigma is the same for linspace.
    expect(sigma0).toBeCloseTo(14.6146, 4);
    expect(euler.initNoiseSigma).toBe(sigma0);
    const scaled = euler.scaleModelInput(sample, euler.timesteps[0]!);
    sample.forEach((x, i) => expect(scaled[i]).toBeCloseTo(x / Math.sqrt(sigma0 * sigma0 + 1), 6));
  });

  it('trained_betas reproduce the same schedule as the beta range they came from', () => {
    const fromRange = new DDIMScheduler(SD15);
    const betas = Array.from({ length: 1000 }, (_, i) => {
      const s = Math.fround(Math.sqrt(0.00085));
      const e = Math.fround(Math.sqrt(0.012));
      return ((s * (999 - i) + e * i) / 999) ** 2;
    });
    const fromBetas = new DDIMScheduler({ ...SD15, trained_betas: betas });
    const x = Float32Array.from([0.5, -0.25]);
    const noise = Float32Array.from([1, 2]);
    // Recomputed betas differ from torch's float32 linspace by an ulp at most: 1e-6 relative.
    fromRange.addNoise(x, noise, 500).forEach((v, i) => expect(fromBetas.addNoise(x, noise, 500)[i]).toBeCloseTo(v, 6));
  });

  it('DDIM addNoise at t is sqrt(alpha_bar) x + sqrt(1 - alpha_bar) noise, and step inverts it for the true noise', () => {
    const ddim = new DDIMScheduler(SD15);
    ddim.setTimesteps(45);
    const x0 = Float32Array.from([0.3, -0.7, 0.1, 0.9]);
    const noise = new TorchCpuGenerator(1).randn(4);
    const t = ddim.timesteps[10]!;
    const noisy = ddim.addNoise(x0, noise, t);
    const { predOriginalSample } = ddim.step(noise, t, noisy);
    // A perfect epsilon model recovers x0 to float32 rounding: 1e-5 absolute.
    predOriginalSample!.forEach((v, i) => expect(Math.abs(v - x0[i]!)).toBeLessThan(1e-5));
  });

  it('Euler ancestral continues the generator stream: different noise each step, same for the same seed', () => {
    const run = (seed: number): Float32Array => {
      const s = createScheduler(SD15, 'euler-a');
      s.setTimesteps(4);
      const gen = new TorchCpuGenerator(seed);
      let x: Float32Array = gen.randn(16).map((v) => v * s.initNoiseSigma);
      for (const t of s.timesteps) x = s.step(new Float32Array(16), t, x, gen).prevSample;
      return x;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});
