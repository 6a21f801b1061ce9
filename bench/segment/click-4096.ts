/**
 * `node bench/run.mjs bench/segment/click-4096.ts`: what a click costs on a 4096x4096 picture once its embedding
 * is computed, and what the once-per-picture preprocessing costs, at SAM's real geometry (1024-px input, 256²
 * logits) and with the tiny test model (test/fixtures/hub-repos/tiny-sam) end to end through onnxruntime-web.
 * Prints the median of several runs, in wall and process CPU milliseconds, and the click's upsampling against
 * one plain pass that writes the same mask bytes (the floor any full-resolution mask has to pay).
 */
import { join } from 'node:path';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import type { RgbaImage } from '../../models/engine/types.js';
import { upsampleMaskLogits } from '../../models/segment/sam-mask-upsample.js';
import { timeRuns } from '../core/time-runs.js';
import { samPixelValues } from '../../models/segment/sam-pixel-values.js';
import { SamSegmenter } from '../../models/segment/sam-segmenter.js';

const SIDE = 4096;
const RUNS = 7;

async function median(label: string, job: () => unknown): Promise<number> {
  const { medianMs, medianCpuMs } = await timeRuns(job, RUNS);
  console.log(`${label.padEnd(58)} ${medianMs.toFixed(1).padStart(8)} ms wall ${medianCpuMs.toFixed(1).padStart(8)} ms CPU`);
  return medianCpuMs;
}

function picture(): RgbaImage {
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { width: SIDE, height: SIDE, data };
}

const image = picture();
const full = { width: SIDE, height: SIDE };
const logits = new Float32Array(256 * 256).map((_, i) => Math.sin(i / 97) + Math.cos(i / 1013));

console.log(`click to select on a ${SIDE}x${SIDE} picture, median of ${RUNS}`);
const floor = await median('floor: one pass writing 16.8 M mask bytes', () => {
  const mask = new Uint8Array(SIDE * SIDE);
  for (let i = 0; i < mask.length; i++) mask[i] = logits[i & 0xffff]! > 0 ? 255 : 0;
});
const upsample = await median('click upsampling, SAM geometry (256² -> 1024 -> 4096²)', () =>
  upsampleMaskLogits(logits, { width: 256, height: 256 }, { width: 1024, height: 1024 }, { width: 1024, height: 1024 }, full),
);
await median('once per picture: pixel_values at 1024 (Pillow bilinear)', () =>
  samPixelValues(image, { longestEdge: 1024, padWidth: 1024, padHeight: 1024, rescaleFactor: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }),
);
const segmenter = await SamSegmenter.load(bundleFromDirectory(join(process.env.POWERPAINT_REPO ?? '.', 'test/fixtures/hub-repos/tiny-sam/slimsam-points-and-boxes')), { backend: 'wasm' });
await median('tiny model: embedding (first click on the picture)', async () => {
  const copy = { ...image };
  await segmenter.embed(copy);
});
await segmenter.embed(image);
let x = 1000;
const click = await median('tiny model: a click (decoder + upsampling to 4096²)', () => segmenter.segment(image, { points: [{ x: (x += 37), y: 2000, positive: true }] }));
await segmenter.release();
console.log(`upsampling / floor: ${(upsample / floor).toFixed(2)}x; tiny click / floor: ${(click / floor).toFixed(2)}x`);
