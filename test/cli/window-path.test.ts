/**
 * The default path is the plugin window's: for the same job on the same runtime (--runtime wasm), the command line writes exactly the bytes
 * the window's own engine class (PowerPaintUiEngine over models/full-resolution) produces, and every
 * pixel away from the mask keeps the source's bytes. Outpaint to a target likewise.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { EngineJob } from '../../ui/engine/engine.js';
import { PowerPaintUiEngine } from '../../ui/engine/powerpaint-ui-engine.js';
import { rectMask } from '../engine/fixtures-pixels.js';
import { REFERENCE_BUNDLE_DIR } from '../golden/golden-data.js';
import { changes, readPng, samplePhoto, sameBytes, useTempDirs, writeMaskPng, writePng } from './cli-files.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();
let window: PowerPaintUiEngine;

beforeAll(async () => {
  window = new PowerPaintUiEngine(await PowerPaintEngine.load(bundleFromDirectory(REFERENCE_BUNDLE_DIR), { backend: 'wasm' }), 'reference');
});
afterAll(() => window.release());

// Larger than the model's 64 px, so the mask gets a context window and a paste-back, not a whole-image run.
const image = samplePhoto('chelsea.png', 160, 112);
const mask = rectMask(160, 112, 90, 30, 120, 70);
const settings = { prompt: 'a red vase', negativePrompt: 'dog', fittingDegree: 1, steps: 3, guidance: 7.5, scheduler: 'DDIMScheduler', seed: 11, variations: 1 };
const sampling = ['--steps', '3', '--guidance', '7.5', '--scheduler', 'DDIMScheduler', '--seed', '11'];

function inputs(dir: string): string[] {
  return ['--image', writePng(join(dir, 'in.png'), image)];
}

describe('run (the plugin window\'s path)', () => {
  it('writes the bytes PowerPaintUiEngine gives for the same job, and keeps every pixel away from the mask', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.png');
    const args = ['run', '--runtime', 'wasm', '--model', REFERENCE_BUNDLE_DIR, ...inputs(dir), '--mask', writeMaskPng(join(dir, 'mask.png'), mask)];
    const { code, stderr } = await runCli([...args, '--task', 'object', '--prompt', 'a red vase', '--negative', 'dog', ...sampling, '--out', out]);
    expect(code, stderr).toBe(0);

    const job: EngineJob = { image, mask, task: 'object', ...settings };
    const expected = (await window.run(job, {})).variations[0]!.image;
    const written = readPng(out);
    expect([written.width, written.height]).toEqual([160, 112]);
    expect(sameBytes(written.data, expected.data)).toBe(true);

    const { changedOutside, changedInside } = changes(image, written, mask);
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(0.5 * 30 * 40);
  });

  it('outpaints with --extend as the window does with pixels per side', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.png');
    const { code, stderr } = await runCli(['run', '--runtime', 'wasm', '--model', REFERENCE_BUNDLE_DIR, ...inputs(dir), '--task', 'outpaint', '--extend', '16,0,32,8', ...sampling, '--out', out]);
    expect(code, stderr).toBe(0);

    const job: EngineJob = {
      image,
      mask: { width: 160, height: 112, data: new Uint8Array(160 * 112) },
      task: 'outpaint',
      ...settings,
      prompt: '',
      negativePrompt: '',
      outpaintTarget: { kind: 'sides', left: 16, top: 0, right: 32, bottom: 8 },
    };
    const expected = (await window.run(job, {})).variations[0]!.image;
    const written = readPng(out);
    expect([written.width, written.height]).toEqual([160 + 48, 112 + 8]);
    expect(sameBytes(written.data, expected.data)).toBe(true);
  });
});
