/**
 * `npm run powerpaint -- segment`: the tiny random SAM by repo id through the local Hub stand-in (HF_ENDPOINT),
 * clicks and a box in picture pixels, the mask written as the window's Select tool makes it (SamSegmenter on
 * wasm) and as transformers' post_process_masks thresholds it; prompts and models it cannot take.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamSegmenter } from '../../models/segment/sam-segmenter.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { maskIou, promptOf, SAM_GOLDEN_DIR, SAM_REPOS_DIR, samGolden, samGoldenJson, samRepo, type SamGoldenCase } from '../segment/sam-golden.js';
import { readPng, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();
const IMAGE = `${SAM_GOLDEN_DIR}image.png`;
const REPO = `hf:${samGoldenJson.repos.pointsAndBoxes}`;
let hub: HubStandIn;
let window: SamSegmenter;
beforeAll(async () => {
  hub = await startHubStandIn({ root: SAM_REPOS_DIR });
  window = await SamSegmenter.load(samRepo('pointsAndBoxes'), { backend: 'wasm' });
});
afterAll(async () => {
  await window.release();
  await hub.close();
});

function promptArgs(c: SamGoldenCase): string[] {
  return [...c.points.flatMap(([x, y], i) => ['--point', `${x},${y},${c.labels[i]}`]), ...(c.box ? ['--box', c.box.join(',')] : [])];
}

describe('segment --model hf:tiny-sam/slimsam-points-and-boxes', () => {
  it.each(samGoldenJson.cases.map((c) => [c.name, c] as const))("%s: the window's mask, and transformers'", async (_name, c) => {
    const out = join(tempDir(), 'mask.png');
    const { code, stdout, stderr } = await runCli(
      ['segment', '--model', REPO, '--cache-dir', join(tempDir(), 'cache'), '--image', IMAGE, ...promptArgs(c), '--out', out],
      { HF_ENDPOINT: hub.endpoint },
    );
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe(out);
    const written = readPng(out);
    const mask = Uint8Array.from({ length: written.width * written.height }, (_, i) => written.data[i * 4]!);
    const ours = await window.segment(samGolden.image(), promptOf(c));
    expect(Buffer.compare(mask, ours.mask.data)).toBe(0);
    const plane = mask.length;
    expect(maskIou(mask, samGolden.u8(c.masks).subarray(ours.choice * plane, (ours.choice + 1) * plane))).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps the download: a second run with the same cache asks the Hub for the listing only', async () => {
    const cache = join(tempDir(), 'cache');
    const args = ['segment', '--model', REPO, '--cache-dir', cache, '--image', IMAGE, '--point', '100,75'];
    expect((await runCli([...args, '--out', join(tempDir(), 'a.png')], { HF_ENDPOINT: hub.endpoint })).code).toBe(0);
    const before = hub.downloads().length;
    expect(before).toBeGreaterThan(0);
    expect((await runCli([...args, '--out', join(tempDir(), 'b.png')], { HF_ENDPOINT: hub.endpoint })).code).toBe(0);
    expect(hub.downloads().length).toBe(before);
  });
});

describe('segment refuses what it cannot do, saying what to write', () => {
  const run = (args: string[]) => runCli(['segment', '--cache-dir', join(tempDir(), 'cache'), ...args], { HF_ENDPOINT: hub.endpoint });

  it.each([
    [['--image', IMAGE, '--out', 'm.png'], /Say what to select with --point x,y or --box/],
    [['--image', IMAGE, '--point', '10', '--out', 'm.png'], /--point 10 is not x,y\[,1\|0\]/],
    [['--image', IMAGE, '--point', '10,20,2', '--out', 'm.png'], /1 \(select\) or 0 \(take away\)/],
    [['--image', IMAGE, '--box', '10,20,10,40', '--out', 'm.png'], /no area/],
    [['--point', '10,20', '--out', 'm.png'], /--image in.png/],
  ])('%j', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a point outside the picture', async () => {
    const { code, stderr } = await run(['--model', REPO, '--image', IMAGE, '--point', '500,20', '--out', join(tempDir(), 'm.png')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/500,20 lies outside the picture .*200x150/);
  });

  it("a box with the points-only export (the published main revision's layout)", async () => {
    const out = join(tempDir(), 'm.png');
    const { code, stderr } = await run(['--model', `hf:${samGoldenJson.repos.points}`, '--image', IMAGE, '--box', '30,20,170,120', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/takes points only .*click inside the object/);
  });

  it('a repo that is no segment-anything model', async () => {
    const { code, stderr } = await run(['--model', 'hf:tiny-sd/inpainting-options', '--image', IMAGE, '--point', '10,10', '--out', join(tempDir(), 'm.png')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a segment-anything model .*no preprocessor_config.json, onnx\/vision_encoder.onnx/);
  });
});
