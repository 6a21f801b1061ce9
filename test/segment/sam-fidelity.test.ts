/**
 * Our SAM pre- and post-processing around the two ONNX graphs (onnxruntime-web, wasm) against transformers'
 * SamProcessor + SamModel on the same tiny random model: pixel_values, image embeddings, the decoder's logits
 * and scores for points, positive + negative points, boxes and a box with a point, and the full-resolution
 * masks of post_process_masks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samPixelValues } from '../../models/segment/sam-pixel-values.js';
import { parseSamPreprocessing } from '../../models/segment/sam-preprocessor-config.js';
import { SamSegmenter } from '../../models/segment/sam-segmenter.js';
import { upsampleMaskLogits } from '../../models/segment/sam-mask-upsample.js';
import { readJson } from '../../models/bundle/bundle-source.js';
import { maxAbsDiff } from '../golden/golden-data.js';
import { maskIou, promptOf, samGolden, samGoldenJson, samPicture, samRepo } from './sam-golden.js';

const image = samGolden.image();
const { picture, reshaped, imageSize } = samGoldenJson;
const withBoxes = samGoldenJson.cases.filter((c) => c.box);
const pointsOnly = samGoldenJson.cases.filter((c) => !c.box);

function expectMasksMatch(ours: Uint8Array, theirs: Uint8Array): void {
  expect(ours.length).toBe(theirs.length);
  expect(maskIou(ours, theirs)).toBeGreaterThanOrEqual(0.99);
}

describe('SAM preprocessing', () => {
  it("gives SamProcessor's pixel_values: PIL's bilinear resize, rescale, normalize, zero padding", async () => {
    const config = parseSamPreprocessing(await readJson(samRepo('points'), 'preprocessor_config.json'), 'tiny-sam');
    const { data, scaled } = samPixelValues(image, config);
    expect([scaled.height, scaled.width]).toEqual(reshaped);
    expect(data.length).toBe(3 * imageSize * imageSize);
    expect(maxAbsDiff(data, samGolden.f32('pixel_values'))).toBeLessThan(1e-5);
  });

  it('enlarges a picture smaller than the model\'s side as SamProcessor does (90x61 to 128x87)', async () => {
    const config = parseSamPreprocessing(await readJson(samRepo('points'), 'preprocessor_config.json'), 'tiny-sam');
    const { data, scaled } = samPixelValues(samPicture('image-small.png'), config);
    expect(scaled).toEqual({ width: 128, height: 87 });
    expect(maxAbsDiff(data, samGolden.f32('pixel_values_small'))).toBeLessThan(1e-5);
  });
});

describe.each([
  ['points', pointsOnly],
  ['pointsAndBoxes', samGoldenJson.cases],
] as const)('SamSegmenter on tiny-sam (%s decoder)', (repo, cases) => {
  let segmenter: SamSegmenter;
  beforeAll(async () => {
    segmenter = await SamSegmenter.load(samRepo(repo), { backend: 'wasm' });
  });
  afterAll(() => segmenter.release());

  it("computes transformers' image embeddings, once per picture", async () => {
    const first = await segmenter.embed(image);
    expect(await segmenter.embed(image)).toBe(first);
    expect(maxAbsDiff(first.embeddings.data as Float32Array, samGolden.f32('image_embeddings'))).toBeLessThan(1e-4);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: logits, scores and the full-size mask match transformers', async (_name, c) => {
    const result = await segmenter.segment(image, promptOf(c));
    expect(maxAbsDiff(result.logits, samGolden.f32(c.predMasks))).toBeLessThan(1e-4);
    expect(maxAbsDiff(result.iouScores, samGolden.f32(c.iouScores))).toBeLessThan(1e-4);
    const theirs = samGolden.u8(c.masks);
    const plane = picture.width * picture.height;
    const lowPlane = result.low.width * result.low.height;
    for (let m = 0; m < 3; m++) {
      const mask = upsampleMaskLogits(result.logits.subarray(m * lowPlane, (m + 1) * lowPlane), result.low, { width: imageSize, height: imageSize }, { width: reshaped[1], height: reshaped[0] }, picture);
      expectMasksMatch(mask.data, theirs.subarray(m * plane, (m + 1) * plane));
    }
    expect(result.choice).toBe(Array.from(result.iouScores).indexOf(Math.max(...result.iouScores)));
    expect([result.mask.width, result.mask.height]).toEqual([picture.width, picture.height]);
    expectMasksMatch(result.mask.data, theirs.subarray(result.choice * plane, (result.choice + 1) * plane));
  });
});

describe('prompts a decoder cannot take', () => {
  it('a box on the points-only export says to click instead, naming the model', async () => {
    const segmenter = await SamSegmenter.load(samRepo('points'), { backend: 'wasm' });
    try {
      await expect(segmenter.segment(image, { points: [], box: { x0: 10, y0: 10, x1: 50, y1: 50 } })).rejects.toThrow(/takes points only.*click inside the object/);
      await expect(segmenter.segment(image, { points: [] })).rejects.toThrow(/Click the picture/);
    } finally {
      await segmenter.release();
    }
  });
});
