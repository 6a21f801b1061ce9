/**
 * Smoke run of a whole bundle folder: does it load and run every task in this engine? For exporter output
 * (models/export); `npm run bundle:check -- <dir>` checks the files statically without running them.
 *
 *     BUNDLE_DIR=/path/to/bundle npx vitest run test/golden/bundle-runs.test.ts
 *
 * Without BUNDLE_DIR it checks the committed reference bundle. Loading verifies every file against the
 * manifest's size and sha256, the four models' input/output names and float32 IO, and the task tokens in
 * the tokenizer; then every task runs once (2 steps, seeded, at the smallest size the bundle allows) and
 * must give an image of the input's size (the engine itself refuses NaN/Inf at every step and after decoding).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { TASKS, type MaskImage, type RgbaImage } from '../../models/engine/types.js';
import { REFERENCE_BUNDLE_DIR } from './golden-data.js';

const dir = process.env.BUNDLE_DIR || REFERENCE_BUNDLE_DIR;
let engine: PowerPaintEngine;

beforeAll(async () => {
  engine = await PowerPaintEngine.load(bundleFromDirectory(dir), { backend: 'wasm', verify: true });
}, 600_000);

afterAll(async () => {
  await engine?.release();
});

function testImage(size: number): { image: RgbaImage; mask: MaskImage } {
  const data = new Uint8ClampedArray(size * size * 4);
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      data.set([(x * 255) / size, (y * 255) / size, 128, 255], i * 4);
      if (x >= size / 4 && x < (3 * size) / 4 && y >= size / 4 && y < (3 * size) / 4) mask[i] = 255;
    }
  }
  return { image: { width: size, height: size, data }, mask: { width: size, height: size, data: mask } };
}

describe(`bundle ${dir}`, () => {
  it('has a manifest the engine reads, with task tokens when it is PowerPaint', () => {
    const manifest = engine.manifest;
    expect(['powerpaint-v1', 'sd15-inpainting']).toContain(manifest.family);
    if (manifest.family === 'powerpaint-v1') {
      expect(Object.values(manifest.taskTokens ?? {}).flat()).toHaveLength(30);
    }
    expect(manifest.files.length).toBeGreaterThanOrEqual(6);
    console.log(`${manifest.name}: ${manifest.family} ${manifest.precision}, sizeMultiple ${manifest.sizeMultiple}, ${manifest.files.length} files`);
  });

  it.each(TASKS)('runs the %s task to a finite image', async (task) => {
    const size = engine.manifest.sizeMultiple;
    const { image, mask } = testImage(size);
    const result = await engine.run({ image, mask, task, prompt: 'a red chair', steps: 2, guidance: 7.5, seed: 7, fittingDegree: 0.5 });
    const out = result.variations[0]!.image;
    expect([out.width, out.height]).toEqual([size, size]);
    expect(result.warnings).toEqual([]);
  }, 600_000);
});
