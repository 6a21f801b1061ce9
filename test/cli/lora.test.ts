/**
 * `--lora`, `--speed` and `--scheduler LCMScheduler`: a LoRA in diffusers' format fused at load and run as
 * diffusers runs it (test/fixtures/hub-lora-golden, models/export/hub_lora_fixtures.py: fuse_lora, then
 * StableDiffusionInpaintPipeline with LCMScheduler), from a folder and through the Hub stand-in; the
 * golden's guidance-1 case is --speed fast's own setting (LCMScheduler, 4 steps, guidance 1).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Golden, maxAbsDiff, rgbBytes, REFERENCE_BUNDLE_DIR, type GoldenCase } from '../golden/golden-data.js';
import { HUB_GOLDEN_DIR, HUB_REPOS_DIR } from '../hub-fixtures/hub-golden.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { RUN_FLAGS } from '../../tools/cli/commands/run-flags.js';
import { runOptions } from '../../tools/cli/commands/run-options.js';
import { parseFlags } from '../../tools/cli/flags/parse-flags.js';
import { readPng, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const golden = new Golden(new URL('../fixtures/hub-lora-golden/', import.meta.url).pathname);
const cases = golden.cases as (GoldenCase & { loraScale: number })[];
const tempDir = useTempDirs();
let hub: HubStandIn;
beforeAll(async () => {
  hub = await startHubStandIn({ root: HUB_REPOS_DIR });
});
afterAll(() => hub.close());

/** The tiny PowerPaint repo with its fp32 files only: diffusers fused into fp32 weights for the goldens. */
function fp32Repo(): string {
  const dir = join(tempDir(), 'powerpaint-v1');
  cpSync(`${HUB_REPOS_DIR}tiny-pp/powerpaint-v1`, dir, { recursive: true, filter: (path) => !path.includes('.fp16.') });
  return dir;
}

function inputs(c: GoldenCase, out: string): string[] {
  return ['run', '--whole-image', '--image', `${HUB_GOLDEN_DIR}image.png`, '--mask', `${HUB_GOLDEN_DIR}mask-${c.mask}.png`, '--task', c.task, '--prompt', c.prompt, '--seed', String(c.seed), '--out', out];
}

function expectGolden(out: string, c: GoldenCase): void {
  const ours = rgbBytes(readPng(out));
  const theirs = golden.u8(c.image);
  expect(maxAbsDiff(ours, theirs)).toBeLessThanOrEqual(1);
  expect(ours.filter((b, i) => b !== theirs[i]).length).toBeLessThanOrEqual(0.002 * ours.length);
}

describe('run --lora', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: a LoRA folder fused at its scale, --scheduler LCMScheduler, gives diffusers\' image', async (_name, c) => {
    const out = join(tempDir(), 'out.png');
    const lora = `${HUB_REPOS_DIR}tiny-lora/random-lora:${c.loraScale}`;
    const { code, stderr } = await runCli([...inputs(c, out), '--model', fp32Repo(), '--lora', lora, '--scheduler', 'LCMScheduler', '--steps', String(c.steps), '--guidance', String(c.guidance), '--runtime', 'wasm']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(new RegExp(`LoRA .*tiny-lora/random-lora/pytorch_lora_weights\\.safetensors at scale ${c.loraScale}: 79 UNet tensors fused \\(peft layout\\)`));
    expectGolden(out, c);
  });

  it('--speed fast with a Hub LoRA: the LCM scheduler, 4 steps, guidance 1, the kohya file downloaded into the cache', async () => {
    const c = cases.find((k) => k.guidance === 1 && k.loraScale === 1)!;
    const out = join(tempDir(), 'out.png');
    const { code, stderr } = await runCli([...inputs(c, out), '--model', fp32Repo(), '--speed', 'fast', '--lora', 'hf:tiny-lora/random-lora-kohya', '--cache-dir', join(tempDir(), 'cache'), '--runtime', 'wasm'], {
      HF_ENDPOINT: hub.endpoint,
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/LoRA hf:tiny-lora\/random-lora-kohya@[0-9a-f]{7}\/pytorch_lora_weights\.safetensors at scale 1: 79 UNet tensors fused \(kohya layout\)/);
    expectGolden(out, c);
  });

  it('refuses what cannot work before loading, saying what to do', async () => {
    const c = cases[0]!;
    const out = join(tempDir(), 'out.png');
    const remove = cases.find((k) => k.task === 'remove')!;
    const instant = await runCli([...inputs(remove, out), '--model', 'instant', '--lora', 'hf:a/b']);
    expect(instant.code).toBe(2);
    expect(instant.stderr).toContain('Instant mode runs no model: --lora needs one');
    const noWhere = await runCli([...inputs(c, out), '--model', fp32Repo(), '--lora', ':0.5']);
    expect(noWhere.code).toBe(2);
    expect(noWhere.stderr).toContain('--lora: ":0.5" names no LoRA');
    const onnx = await runCli([...inputs(c, out), '--model', REFERENCE_BUNDLE_DIR, '--lora', `${HUB_REPOS_DIR}tiny-lora/random-lora`, '--runtime', 'wasm']);
    expect(onnx.code).toBe(1);
    expect(onnx.stderr).toMatch(/cannot be fused into .*it is an ONNX model, whose weights are fixed in its graphs/);
  });
});

describe('run --speed', () => {
  const options = (...args: string[]) => runOptions(parseFlags(['--model', 'hf:o/m', '--image', 'i.png', '--mask', 'm.png', '--out', 'o.png', ...args], RUN_FLAGS, ''), () => 7);

  it('fast fuses LCM-LoRA (the published one unless --lora names another) and samples as its authors advise', () => {
    const fast = options('--task', 'remove', '--speed', 'fast');
    expect(fast.lora).toEqual({ where: 'hf:latent-consistency/lcm-lora-sdv1-5', scale: 1 });
    expect(fast.settings).toMatchObject({ steps: 4, guidance: 1, scheduler: 'lcm' });
    expect(options('--task', 'object', '--speed', 'fast', '--lora', './lcm:0.7', '--steps', '8').lora).toEqual({ where: './lcm', scale: 0.7 });
    expect(options('--task', 'object', '--speed', 'fast', '--steps', '8').settings).toMatchObject({ steps: 8, guidance: 1, scheduler: 'lcm' });
  });

  it('balanced and best keep their meaning (DDIM, 30 and 45 steps) and fuse nothing; explicit flags win', () => {
    expect(options('--task', 'remove', '--speed', 'balanced')).toMatchObject({ lora: undefined, settings: { steps: 30, guidance: 10, scheduler: 'ddim' } });
    expect(options('--task', 'object', '--speed', 'best', '--guidance', '5')).toMatchObject({ lora: undefined, settings: { steps: 45, guidance: 5, scheduler: 'ddim' } });
    expect(options('--task', 'object').settings).toMatchObject({ steps: undefined, guidance: undefined, scheduler: undefined });
  });
});
