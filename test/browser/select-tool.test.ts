/**
 * The mask editor's Select tool in the harness (the built plugin, the window in its null-origin iframe): without
 * the model it says what it needs and offers the download; the download comes from the harness's Hub stand-in
 * (the tiny random SAM served as Xenova/slimsam-77-uniform); a click, an Alt-click and a box select what
 * SamSegmenter selects in Node on the same picture, and the selection merges with a brush stroke and works with
 * undo, invert and grow. The mask checked is the one the window sends with a run.
 */
import { decode } from 'fast-png';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskImage } from '../../models/engine/types.js';
import type { SamPrompt } from '../../models/segment/sam-prompt.js';
import { SamSegmenter } from '../../models/segment/sam-segmenter.js';
import { stampSegment } from '../../ui/mask/brush-stroke.js';
import { emptyMask, maskedPixelCount, unionMasks } from '../../ui/mask/mask-image.js';
import { maskIou, samGolden, samRepo } from '../segment/sam-golden.js';
import { pluginUiFrameAsync, recordedRunsAsync, recordUiPostsAsync, RUN_TIMEOUT_MS, runToResultsAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'empty', page: 'per-file' });
const picture = samGolden.image();
const { width, height } = picture;
let node: SamSegmenter;
beforeAll(async () => {
  node = await SamSegmenter.load(samRepo('pointsAndBoxes'), { backend: 'wasm' });
});
afterAll(() => node?.release());

let ui: Frame;

/** The layer "Photo" holding the golden picture at 1x, selected, and Remove opened on it. */
async function openOnPictureAsync(): Promise<Frame> {
  await harness.page.evaluate(
    async ({ w, h, data }) => {
      const c = window.harness.controls;
      const photo = c.addImageLayer({ name: 'Photo', rgba: { width: w, height: h, data: Uint8Array.from(data) }, x: 40, y: 40, width: w, height: h });
      c.resetUndoHistory();
      window.harness.select([photo.id]);
      await window.harness.runCommand('remove');
    },
    { w: width, h: height, data: Array.from(picture.data) },
  );
  const frame = await pluginUiFrameAsync(harness.page);
  await frame.locator('[data-testid="brush-canvas"]').waitFor();
  return frame;
}

/** Where a picture pixel's centre is on the page. */
async function onPageAsync(x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await ui.locator('[data-testid="brush-canvas"]').boundingBox())!;
  return { x: box.x + ((x + 0.5) * box.width) / width, y: box.y + ((y + 0.5) * box.height) / height };
}

const masked = async () => Number(await ui.locator('[data-testid="brush-canvas"]').getAttribute('data-masked'));

async function selectedAsync(prompt: SamPrompt): Promise<MaskImage> {
  return (await node.segment(picture, prompt)).mask;
}

async function settledAsync(): Promise<void> {
  await ui.locator('[data-testid="select-ready"][data-activity="idle"]').waitFor({ timeout: RUN_TIMEOUT_MS });
}

/** Same pixels but for a sub-pixel click offset: the window's click lands within a pixel of the one given. */
function expectNear(count: number, expected: MaskImage): void {
  const want = maskedPixelCount(expected);
  expect(want).toBeGreaterThan(0.05 * width * height);
  expect(Math.abs(count - want)).toBeLessThanOrEqual(0.01 * want);
}

describe('Select tool', () => {
  it('without the model: names what it needs and offers the download; clicks change nothing', async () => {
    ui = await openOnPictureAsync();
    await ui.click('[data-testid="brush-select"]');
    const note = ui.locator('[data-testid="select-needs-model"]');
    await expect.poll(() => note.innerText()).toMatch(/Select needs a segment-anything model: SlimSAM-77 \(Xenova\/slimsam-77-uniform on Hugging Face, Apache-2\.0, 40 MB\)/);
    expect(await ui.locator('[data-testid="select-model-download"]').innerText()).toBe('Download SlimSAM-77 (40 MB)');
    const at = await onPageAsync(120, 70);
    await harness.page.mouse.click(at.x, at.y);
    expect(await masked()).toBe(0);
  });

  it('downloads the model from the Hub, and a click selects what the model selects', async () => {
    await ui.click('[data-testid="select-model-download"]');
    await ui.locator('[data-testid="select-ready"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await ui.locator('[data-testid="select-model-note"]').innerText()).toMatch(/^SlimSAM-77 \(hf:Xenova\/slimsam-77-uniform@[0-9a-f]{7}\)/);
    const at = await onPageAsync(120, 70);
    await harness.page.mouse.click(at.x, at.y);
    // The first click on a layer also computes its embedding (on SwiftShader's WebGPU where the harness has it).
    await expect.poll(masked, { timeout: RUN_TIMEOUT_MS }).toBeGreaterThan(0);
    await settledAsync();
    expectNear(await masked(), await selectedAsync({ points: [{ x: 120.5, y: 70.5, positive: true }] }));
  });

  it('Alt-click refines the same object; undo goes back a click; invert and grow work on it', async () => {
    const before = await masked();
    const at = await onPageAsync(60, 40);
    await harness.page.keyboard.down('Alt');
    await harness.page.mouse.click(at.x, at.y);
    await harness.page.keyboard.up('Alt');
    const refined = await selectedAsync({ points: [{ x: 120.5, y: 70.5, positive: true }, { x: 60.5, y: 40.5, positive: false }] });
    await expect.poll(masked).not.toBe(before);
    await settledAsync();
    expectNear(await masked(), refined);
    const after = await masked();
    await ui.click('[data-testid="mask-undo"]');
    await expect.poll(masked).toBe(before);
    await ui.click('[data-testid="mask-redo"]');
    await expect.poll(masked).toBe(after);
    await ui.click('[data-testid="mask-invert"]');
    await expect.poll(masked).toBe(width * height - after);
    await ui.click('[data-testid="mask-undo"]');
    await ui.click('[data-testid="mask-grow"]');
    await expect.poll(masked).toBeGreaterThan(after);
    await ui.click('[data-testid="mask-undo"]');
    await expect.poll(masked).toBe(after);
  });

  it('a brush stroke, then a box: a new object added to the stroke and the earlier selection; the run gets that mask', async () => {
    const previous = await selectedAsync({ points: [{ x: 120.5, y: 70.5, positive: true }, { x: 60.5, y: 40.5, positive: false }] });
    await ui.click('[data-testid="brush-paint"]');
    await ui.locator('[data-testid="brush-size"]').evaluate((input: HTMLInputElement) => {
      input.value = '10';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const a = await onPageAsync(10, 140);
    const b = await onPageAsync(60, 140);
    await harness.page.mouse.move(a.x, a.y);
    await harness.page.mouse.down();
    await harness.page.mouse.move(b.x, b.y, { steps: 8 });
    await harness.page.mouse.up();
    const stroke = emptyMask(width, height);
    stampSegment(stroke, { x: 10.5, y: 140.5 }, { x: 60.5, y: 140.5 }, 5, 255);

    await ui.click('[data-testid="brush-select"]');
    const from = await onPageAsync(100, 60);
    const to = await onPageAsync(140, 110);
    const count = await masked();
    await harness.page.mouse.move(from.x, from.y);
    await harness.page.mouse.down();
    await harness.page.mouse.move(to.x, to.y, { steps: 6 });
    await harness.page.mouse.up();
    await expect.poll(masked).not.toBe(count);
    await settledAsync();
    const boxed = await selectedAsync({ points: [], box: { x0: 100.5, y0: 60.5, x1: 140.5, y1: 110.5 } });
    const expected = unionMasks(unionMasks(previous, stroke), boxed);

    await recordUiPostsAsync(harness.page);
    await runToResultsAsync(ui);
    const png = decode((await recordedRunsAsync(harness.page)).at(-1)!.mask!);
    expect([png.width, png.height]).toEqual([width, height]);
    const sent = Uint8Array.from({ length: width * height }, (_, i) => ((png.data[i * png.channels + png.channels - 1] ?? 0) >= 128 ? 255 : 0));
    expect(maskIou(sent, expected.data)).toBeGreaterThanOrEqual(0.97);
  });
});
