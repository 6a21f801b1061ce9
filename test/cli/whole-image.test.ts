/**
 * `--whole-image` is diffusers' StableDiffusionInpaintPipeline: on the reference bundle, the golden case
 * whose starting noise diffusers drew from the seeded generator (the only kind a command line can ask
 * for) comes out as diffusers' own image, within the rounding test/golden/reference-bundle.test.ts allows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Golden, GOLDEN_DIR, REFERENCE_BUNDLE_DIR, rgbBytes } from '../golden/golden-data.js';
import { readPng, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const golden = new Golden();
const tempDir = useTempDirs();

describe('run --whole-image', () => {
  const c = golden.cases.find((g) => g.initialLatents === null)!;

  it(`reproduces diffusers' output for the golden case ${c.name}`, async () => {
    const out = join(tempDir(), 'out.png');
    const { code, stdout, stderr } = await runCli([
      'run', '--whole-image', '--model', REFERENCE_BUNDLE_DIR,
      '--image', `${GOLDEN_DIR}image.png`, '--mask', `${GOLDEN_DIR}${golden.json.masks[c.mask]}`,
      '--task', c.task, '--prompt', c.prompt, '--negative', c.negativePrompt,
      '--seed', String(c.seed), '--steps', String(c.steps), '--guidance', String(c.guidance), '--scheduler', c.scheduler,
      '--out', out,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(`wrote ${out} (seed ${c.seed})\n`);
    const ours = rgbBytes(readPng(out));
    const theirs = golden.u8(c.image);
    let worst = 0;
    let off = 0;
    for (let i = 0; i < ours.length; i++) {
      const diff = Math.abs(ours[i]! - theirs[i]!);
      worst = Math.max(worst, diff);
      if (diff > 0) off++;
    }
    // As in reference-bundle.test.ts: float32 rounding flips a handful of bytes by 1, no more.
    expect(worst).toBeLessThanOrEqual(1);
    expect(off / ours.length).toBeLessThan(0.001);
  });

  it('refuses a size the model cannot run whole, saying which size would do', async () => {
    const { code, stderr } = await runCli([
      'run', '--whole-image', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--seed', '1',
      '--image', new URL('../harness/samples/coffee.png', import.meta.url).pathname,
      '--mask', new URL('../harness/samples/coffee.png', import.meta.url).pathname,
      '--out', join(tempDir(), 'out.png'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/multiples of 16 px; 300x200 is not\. Use 304x208/);
  });
});
