/**
 * The command line reproduces diffusers' outputs from a repo id: `--model hf:owner/name` through the local
 * Hub stand-in (HF_ENDPOINT), `--whole-image`, every task of the Hub goldens (diffusers'
 * StableDiffusionInpaintPipeline on test/fixtures/hub-repos, models/export/hub_fixtures.py). The repo's
 * fp16 variant is what the Hub route chooses, so the fp16 goldens are the reference.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, rgbBytes } from '../golden/golden-data.js';
import { HubGolden, HUB_GOLDEN_DIR, HUB_REPOS_DIR, type HubGoldenRepo, type HubVariant } from '../hub-fixtures/hub-golden.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { readPng, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const golden = new HubGolden();
const tempDir = useTempDirs();
let hub: HubStandIn;
beforeAll(async () => {
  hub = await startHubStandIn({ root: HUB_REPOS_DIR });
});
afterAll(() => hub.close());

const routes: [HubGoldenRepo, HubVariant][] = [
  ['tiny-pp/powerpaint-v1', 'fp16'],
  ['tiny-sd/inpainting-options', 'fp32'],
];

describe.each(routes)('run --whole-image --model hf:%s', (repo, variant) => {
  it.each(golden.pipelineCases(repo, variant).map((c) => [c.task, c] as const))('%s: diffusers\' image', async (_task, c) => {
    const out = join(tempDir(), 'out.png');
    const { code, stderr } = await runCli(
      [
        'run', '--whole-image', '--model', `hf:${repo}`, '--cache-dir', join(tempDir(), 'cache'),
        '--image', `${HUB_GOLDEN_DIR}image.png`, '--mask', `${HUB_GOLDEN_DIR}${golden.json.masks[c.mask]}`,
        '--task', c.task, '--prompt', c.prompt, '--negative', c.negativePrompt,
        ...(c.fittingDegree === undefined ? [] : ['--fitting', String(c.fittingDegree)]),
        '--seed', String(c.seed), '--steps', String(c.steps), '--guidance', String(c.guidance), '--scheduler', c.scheduler,
        '--out', out,
      ],
      { HF_ENDPOINT: hub.endpoint },
    );
    expect(code, stderr).toBe(0);
    const ours = rgbBytes(readPng(out));
    const theirs = golden.u8(c.image);
    expect(maxAbsDiff(ours, theirs)).toBeLessThanOrEqual(1);
    expect(ours.filter((b, i) => b !== theirs[i]).length).toBeLessThan(0.002 * ours.length);
  });
});
