/**
 * A run hides exactly the Figma mask shapes it used (the built plugin in the harness, instant remove), and the
 * window never names a hidden shape as the mask: it says the last run hid it, and what to do.
 */
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot } from '../harness/fake-figma/index.js';
import { insertAsync, pluginUiFrameAsync, runToResultsAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'empty' });

/** "Photo" (48×32 px at 4x) with two shapes named "mask" over its left and right corners. */
async function buildSceneAsync(): Promise<{ photoId: string; leftId: string; rightId: string }> {
  return harness.page.evaluate(() => {
    const rgba = new Uint8Array(48 * 32 * 4);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 48; x++) rgba.set([(x * 5) % 256, (y * 7) % 256, 90, 255], (y * 48 + x) * 4);
    const c = window.harness.controls;
    const photo = c.addImageLayer({ name: 'Photo', rgba: { width: 48, height: 32, data: rgba }, x: 40, y: 40, width: 192, height: 128 });
    const left = c.addRectangle({ name: 'Mask left', x: 48, y: 48, width: 32, height: 32, color: '#ff0000' });
    const right = c.addRectangle({ name: 'Mask right', x: 192, y: 48, width: 32, height: 32, color: '#ff0000' });
    c.resetUndoHistory();
    return { photoId: photo.id, leftId: left.id, rightId: right.id };
  });
}

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

function visibility(snapshot: DocumentSnapshot, ...ids: string[]): boolean[] {
  return ids.map((id) => snapshot.nodes.find((node) => node.id === id)!.visible);
}

async function openRemoveOnAsync(id: string): Promise<Frame> {
  await harness.page.evaluate((nodeId) => window.harness.select([nodeId]), id);
  await harness.page.evaluate(() => window.harness.runCommand('remove'));
  const ui = await pluginUiFrameAsync(harness.page);
  await ui.locator('[data-testid="brush-canvas"]').waitFor();
  return ui;
}

/** Drags the brush between two points given in fractions of the canvas. */
async function strokeAsync(ui: Frame, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await ui.locator('[data-testid="brush-canvas"]').boundingBox())!;
  await harness.page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await harness.page.mouse.down();
  await harness.page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 8 });
  await harness.page.mouse.up();
}

function hintText(ui: Frame): Promise<string> {
  return ui.locator('[data-testid="mask-hint"]').innerText();
}

describe('mask shapes a run used', () => {
  it('a shape cleared from the mask in the window is not hidden; one painted over again is', async () => {
    const { photoId, leftId, rightId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    await expect.poll(() => hintText(ui)).toMatch(/^Mask from “Mask left” and “Mask right”;/);
    await ui.click('[data-testid="mask-clear"]');
    // Paint the left shape's area (canvas 48×32: the shape covers x 2..10, y 2..10) with a wide brush.
    await ui.locator('[data-testid="brush-size"]').evaluate((input: HTMLInputElement) => {
      input.value = '12';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await strokeAsync(ui, [0.05, 0.2], [0.25, 0.2]);
    await expect.poll(() => hintText(ui)).toBe('Mask from “Mask left” (the window’s mask no longer holds “Mask right”); paint to add, X to erase.');
    await runToResultsAsync(ui);
    await insertAsync(ui);
    // Before the fix both shapes were hidden, the cleared one too.
    expect(visibility(await snapshotAsync(), leftId, rightId)).toEqual([false, true]);
  });

  it('after a run hides its shapes the window stops naming them, and the next run on the layer says why there is no mask', async () => {
    const { photoId, leftId, rightId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    await runToResultsAsync(ui);
    await insertAsync(ui);
    expect(visibility(await snapshotAsync(), leftId, rightId)).toEqual([false, false]);

    await harness.page.evaluate((nodeId) => window.harness.select([nodeId]), photoId);
    await expect.poll(() => ui.locator('[data-testid="source"]').innerText()).toMatch(/^Photo/);
    // Before the fix: "Paint over the area to change." with no word of the shapes, or their names as the mask.
    await expect
      .poll(() => hintText(ui))
      .toBe('“Mask left” and “Mask right” were used by the last run and are hidden now: show them in Figma to use them again, or paint over the area to change.');
    await ui.click('[data-testid="run"]:not([disabled])');
    await expect.poll(() => ui.locator('[data-testid="status"]').innerText()).toMatch(/“Mask left” and “Mask right” were used by the last run and are hidden now/);
    expect(await ui.locator('[data-testid="status"]').getAttribute('data-state')).toBe('error');
  });

  it('a shape hidden or shown by hand in Figma while the window is open: the hint follows', async () => {
    const { photoId, rightId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    await expect.poll(() => hintText(ui)).toMatch(/^Mask from “Mask left” and “Mask right”;/);
    await harness.page.evaluate((id) => (window.harness.controls.node(id).visible = false), rightId);
    // Before: the hint went on naming “Mask right” (Figma sends no selectionchange for it).
    await expect.poll(() => hintText(ui)).toBe('Mask from “Mask left”; paint to add, X to erase.');
    await harness.page.evaluate((id) => (window.harness.controls.node(id).visible = true), rightId);
    // The window's mask still holds its pixels (painted from the start): it is part of the mask again.
    await expect.poll(() => hintText(ui)).toMatch(/^Mask from “Mask left” and “Mask right”;/);
  });
});
