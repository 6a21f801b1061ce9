import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { loadTinyEngine } from '../engine/fixtures.js';

/**
 * A 16384 x 16384 source (1 GiB of RGBA, plus a 256 MiB mask) with a small mask: the run must allocate
 * only around the mask. FULLRES_BIG_SIDE sets a smaller side where CI can't hold 1.3 GiB of inputs.
 * How long it takes is the bench's to measure (bench/scaling/large-source.ts), not this test's.
 */
const SIDE = Number(process.env.FULLRES_BIG_SIDE ?? 16384);
/** Bound on extra ArrayBuffer memory (window crops, distance field, patches, tile grid): 64 MiB. */
const ARRAY_BUFFER_BOUND = 64 * 2 ** 20;
/** Bound on JS heap growth. */
const HEAP_BOUND = 128 * 2 ** 20;

let engine: PowerPaintEngine;
beforeAll(async () => {
  engine = await loadTinyEngine();
});
afterAll(async () => {
  await engine.release();
});

function bigSource(): { image: RgbaImage; mask: MaskImage } {
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  const row = new Uint8ClampedArray(SIDE * 4);
  for (let x = 0; x < SIDE; x++) row.set([x & 255, (x >> 4) & 255, 128, 255], x * 4);
  for (let y = 0; y < SIDE; y++) data.set(row, y * SIDE * 4);
  const mask = new Uint8Array(SIDE * SIDE);
  const at = Math.floor(SIDE * 0.6);
  for (let y = at; y < at + 40; y++) mask.fill(255, y * SIDE + at, y * SIDE + at + 30);
  return { image: { width: SIDE, height: SIDE, data }, mask: { width: SIDE, height: SIDE, data: mask } };
}

describe(`a ${SIDE} x ${SIDE} source with a small mask`, () => {
  it('is processed through one window with bounded memory, leaving the rest untouched', async () => {
    const { image, mask } = bigSource();
    const request = { image, mask, task: 'remove' as const, steps: 2, seed: 5 };
    const before = process.memoryUsage();
    let peakArrayBuffers = before.arrayBuffers;
    let peakHeap = before.heapUsed;
    const sample = () => {
      const now = process.memoryUsage();
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    };
    const result = await inpaintFullResolution(engine, request, { fullImage: 'none' }, { onProgress: sample });
    sample();
    const after = process.memoryUsage();
    console.log(
      `${SIDE}² source: peak extra arrayBuffers ${((peakArrayBuffers - before.arrayBuffers) / 2 ** 20).toFixed(1)} MiB, ` +
        `peak extra heap ${((peakHeap - before.heapUsed) / 2 ** 20).toFixed(1)} MiB, rss ${(before.rss / 2 ** 20).toFixed(0)} -> ${(after.rss / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(result.windows).toHaveLength(1);
    const patch = result.variations[0]!.patch!;
    // The patch covers the 30 x 40 mask plus at most the 8 px grow around it; nothing else changed.
    const at = Math.floor(SIDE * 0.6);
    expect(patch.x).toBeGreaterThanOrEqual(at - 8);
    expect(patch.y).toBeGreaterThanOrEqual(at - 8);
    expect(patch.x + patch.image.width).toBeLessThanOrEqual(at + 30 + 8);
    expect(patch.y + patch.image.height).toBeLessThanOrEqual(at + 40 + 8);
    expect(peakArrayBuffers - before.arrayBuffers).toBeLessThan(ARRAY_BUFFER_BOUND);
    expect(peakHeap - before.heapUsed).toBeLessThan(HEAP_BOUND);
  });
});
