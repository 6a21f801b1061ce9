import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../models/engine/errors.js';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { TASKS, type InpaintRequest, type Progress } from '../../models/engine/types.js';
import { gradientImage, loadTinyEngine, maxAbsDiff, rectMask } from './fixtures.js';

const W = 64;
const H = 48;
const image = gradientImage(W, H);
const mask = rectMask(W, H, 16, 8, 40, 32);
const base: InpaintRequest = { image, mask, task: 'object', prompt: 'a red cat', steps: 6, guidance: 7.5, seed: 1234 };

let engine: PowerPaintEngine;

/** Every session.run call, with its feeds: ORT's sessions share one prototype. */
function spySessionRuns() {
  const prototype = (ort.InferenceSession as unknown as { prototype: { run(feeds: Record<string, ort.Tensor>): Promise<unknown> } }).prototype;
  return vi.spyOn(prototype, 'run');
}
beforeAll(async () => {
  engine = await loadTinyEngine();
});
afterAll(async () => {
  await engine.release();
});

describe('PowerPaintEngine on the tiny bundle (wasm)', () => {
  it('reports wasm as its backend in Node, with the reason', () => {
    expect(engine.backend.backend).toBe('wasm');
    expect(engine.backend.reason).toMatch(/WebGPU/);
  });

  it.each(TASKS)('runs the %s task end to end', async (task) => {
    const result = await engine.run({ ...base, task, fittingDegree: 0.6 });
    expect(result.variations).toHaveLength(1);
    const out = result.variations[0]!.image;
    expect([out.width, out.height]).toEqual([W, H]);
    // Alpha is carried over from the source; colour comes from the model.
    for (let i = 3; i < out.data.length; i += 4) expect(out.data[i]).toBe(image.data[i]);
    expect(maxAbsDiff(out.data, image.data)).toBeGreaterThan(10);
    expect(result.timings.denoise).toBeGreaterThan(0);
  });

  it('gives each task prompt its own result; outpaint shares removal\'s prompts, so on the same mask its result', async () => {
    const results = await Promise.all(TASKS.map((task) => engine.run({ ...base, task, fittingDegree: 0.6 })));
    const bytes = Object.fromEntries(TASKS.map((task, i) => [task, Buffer.from(results[i]!.variations[0]!.image.data).toString('base64')]));
    expect(new Set([bytes.object, bytes.remove, bytes.shape]).size).toBe(3);
    expect(bytes.outpaint).toBe(bytes.remove);
  });

  it('is deterministic: same seed, same bytes; another seed, other bytes', async () => {
    const a = await engine.run(base);
    const b = await engine.run(base);
    const c = await engine.run({ ...base, seed: 1235 });
    expect(Buffer.from(a.variations[0]!.image.data).equals(Buffer.from(b.variations[0]!.image.data))).toBe(true);
    expect(maxAbsDiff(a.variations[0]!.image.data, c.variations[0]!.image.data)).toBeGreaterThan(0);
  });

  it('makes n variations, each reproducible alone from its seed', async () => {
    const many = await engine.run({ ...base, variations: 3 });
    expect(many.variations.map((v) => v.seed)).toEqual([1234, 1235, 1236]);
    const third = await engine.run({ ...base, seed: 1236 });
    expect(Buffer.from(many.variations[2]!.image.data).equals(Buffer.from(third.variations[0]!.image.data))).toBe(true);
  });

  it('says when Insert or Fill shape ran without a prompt, and only then', async () => {
    expect((await engine.run({ ...base, task: 'object', prompt: '  ' })).warnings).toContainEqual(expect.stringMatching(/^No prompt: Insert painted whatever the model chose/));
    expect((await engine.run({ ...base, task: 'shape', prompt: '' })).warnings).toContainEqual(expect.stringMatching(/^No prompt: Fill shape/));
    expect((await engine.run({ ...base, task: 'object', prompt: 'a red vase' })).warnings.some((w) => w.startsWith('No prompt'))).toBe(false);
    expect((await engine.run({ ...base, task: 'remove', prompt: '' })).warnings.some((w) => w.startsWith('No prompt'))).toBe(false);
  });

  it('refuses more steps than the schedule has timesteps, saying how many it can take (DDIM failed on timestep 1000)', async () => {
    const error = await engine.run({ ...base, steps: 1000, scheduler: 'DDIMScheduler' }).catch((e: unknown) => e as EngineError);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/1000 steps are more than DDIMScheduler can take with this model .*Use at most 999 steps/) });
    expect((await engine.run({ ...base, steps: 3 })).variations).toHaveLength(1);
  });

  it('cancels between steps and stays usable for the next run', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const cancelled = engine.run(
      { ...base, steps: 10 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'denoise') steps.push(p.step);
          if (p.stage === 'denoise' && p.step === 3) controller.abort();
        },
      },
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(Math.max(...steps)).toBe(3);
    const after = await engine.run(base);
    const reference = await engine.run(base);
    expect(Buffer.from(after.variations[0]!.image.data).equals(Buffer.from(reference.variations[0]!.image.data))).toBe(true);
  });

  it('reports progress through every stage with an ETA once a step is measured', async () => {
    const events: Progress[] = [];
    await engine.run({ ...base, steps: 4, variations: 2 }, { onProgress: (p) => events.push(p) });
    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['encode-text', 'encode-image', 'denoise', 'decode']);
    const denoiseSteps = events.filter((e) => e.stage === 'denoise' && e.step > 0);
    const steps = denoiseSteps.map((e) => e.step);
    expect([...new Set(steps)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(denoiseSteps.filter((e) => e.step > 4).every((e) => e.variation === 1)).toBe(true);
    expect(denoiseSteps.every((e) => e.total === 8 && e.etaMs !== undefined && e.etaMs >= 0)).toBe(true);
    expect(events.filter((e) => e.stage === 'encode-text').every((e) => e.etaMs === undefined)).toBe(true);
    expect(events.at(-1)!.etaMs).toBe(0);
  });

  it('runs the UNet as one batch of 2 with guidance, batch 1 without', async () => {
    const run = spySessionRuns();
    try {
      const batchSizes = () =>
        run.mock.calls.map(([feeds]) => feeds.encoder_hidden_states?.dims[0]).filter((b) => b !== undefined);
      await engine.run({ ...base, guidance: 1, steps: 3 });
      expect(batchSizes()).toEqual([1, 1, 1]);
      run.mockClear();
      await engine.run({ ...base, guidance: 5, steps: 3 });
      expect(batchSizes()).toEqual([2, 2, 2]);
    } finally {
      run.mockRestore();
    }
  });

  it('ignores the negative prompt at guidance 1 and uses it above', async () => {
    const run = (guidance: number, negativePrompt: string) => engine.run({ ...base, guidance, negativePrompt });
    const [a1, b1, a7, b7] = await Promise.all([run(1, ''), run(1, 'dog'), run(7, ''), run(7, 'dog')]);
    expect(maxAbsDiff(a1.variations[0]!.image.data, b1.variations[0]!.image.data)).toBe(0);
    expect(maxAbsDiff(a7.variations[0]!.image.data, b7.variations[0]!.image.data)).toBeGreaterThan(0);
  });

  it('caches prompt encodings: a second run with the same prompts calls no text encoder', async () => {
    const run = spySessionRuns();
    try {
      const textCalls = () => run.mock.calls.filter(([feeds]) => 'input_ids' in feeds).length;
      await engine.run({ ...base, prompt: 'a blue vase' });
      expect(textCalls()).toBe(1);
      await engine.run({ ...base, prompt: 'a blue vase', seed: 99 });
      expect(textCalls()).toBe(1);
    } finally {
      run.mockRestore();
    }
  });

  it('starts from caller-supplied latents instead of the seeded draw', async () => {
    const latents = new Float32Array(4 * (W / 8) * (H / 8)).map((_v, i) => Math.sin(i));
    const a = await engine.run({ ...base, initialLatents: [latents], seed: 1 });
    const b = await engine.run({ ...base, initialLatents: [latents], seed: 2 });
    const seeded = await engine.run({ ...base, seed: 1 });
    // A 4-channel VAE encoder gives a latent directly, so nothing else is drawn from the seed.
    expect(maxAbsDiff(a.variations[0]!.image.data, b.variations[0]!.image.data)).toBe(0);
    expect(maxAbsDiff(a.variations[0]!.image.data, seeded.variations[0]!.image.data)).toBeGreaterThan(0);
  });

  it('warns when a prompt is cut to 77 tokens', async () => {
    const long = Array.from({ length: 120 }, () => 'red').join(' ');
    const result = await engine.run({ ...base, prompt: long, steps: 2 });
    expect(result.warnings.join(' ')).toMatch(/77-token/);
    const short = await engine.run({ ...base, steps: 2 });
    expect(short.warnings).toEqual([]);
  });

  it.each(['ddim', 'dpmpp-2m', 'dpmpp-2m-karras', 'euler-a', 'unipc', 'lcm'])('runs with the %s scheduler', async (scheduler) => {
    const result = await engine.run({ ...base, scheduler, steps: 5 });
    const reference = await engine.run({ ...base, steps: 5 });
    const out = result.variations[0]!.image;
    expect(maxAbsDiff(out.data, image.data)).toBeGreaterThan(10);
    if (scheduler !== 'ddim') expect(maxAbsDiff(out.data, reference.variations[0]!.image.data)).toBeGreaterThan(0);
  });

  it('creates its four sessions once, reuses them for every run, and frees them on release', async () => {
    const create = vi.spyOn(ort.InferenceSession, 'create');
    const prototype = (ort.InferenceSession as unknown as { prototype: { release(): Promise<void> } }).prototype;
    const release = vi.spyOn(prototype, 'release');
    try {
      const other = await loadTinyEngine();
      await other.run({ ...base, steps: 2 });
      await other.run({ ...base, steps: 2, task: 'remove' });
      expect(create).toHaveBeenCalledTimes(4);
      expect(release).not.toHaveBeenCalled();
      await other.release();
      expect(release).toHaveBeenCalledTimes(4);
      await expect(other.run(base)).rejects.toMatchObject({ code: 'released' });
    } finally {
      create.mockRestore();
      release.mockRestore();
    }
  });

  it.each([
    ['a mask of another size', { mask: rectMask(32, 32, 0, 0, 8, 8) }, 'bad-input', /mask is 32x32 but the image is 64x48/],
    ['an empty mask', { mask: rectMask(W, H, 0, 0, 0, 0) }, 'empty-mask', /paint over the area/],
    ['a size the model cannot take', { image: gradientImage(60, 48), mask: rectMask(60, 48, 0, 0, 8, 8) }, 'unsupported-size', /multiples of 8 px; 60x48 is not\. Use 64x48/],
    ['an unknown task', { task: 'erase' as never }, 'unknown-task', /Choose one of: object, remove, shape, outpaint/],
    ['zero steps', { steps: 0 }, 'bad-input', /Steps must be/],
    ['an unknown scheduler', { scheduler: 'heun' }, 'bad-input', /Unknown scheduler "heun"; choose one of: .*ddim/],
    ['a fitting degree above 1', { fittingDegree: 1.5 }, 'bad-input', /fitting degree/],
    ['initial latents of the wrong size', { initialLatents: [new Float32Array(3)] }, 'bad-input', /initialLatents needs 1 array/],
  ])('rejects %s with a typed error', async (_name, change, code, message) => {
    const error = await engine.run({ ...base, ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });
});
