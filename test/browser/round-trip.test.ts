/**
 * The built plugin (dist/) in the Figma-like harness, in headless Debian Chromium: a menu command,
 * the UI in a null-origin sandboxed iframe, Run, Insert, and the result placed back in the fake
 * document. Remove runs the instant (model-free) engine; Insert loads the tiny model bundle.
 */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot, NodeSnapshot } from '../harness/fake-figma/index.js';
import {
  imageFillBytesAsync,
  insertAsync,
  loadTinyModelAsync,
  pluginUiFrameAsync,
  runToResultsAsync,
} from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'empty' });

/** 48×32 opaque pixels, every channel varying, so misplaced pixels show. */
const PATTERN = { width: 48, height: 32 };
function patternPixel(index: number): [number, number, number, number] {
  const x = index % PATTERN.width;
  const y = Math.floor(index / PATTERN.width);
  return [(x * 5) % 256, (y * 7) % 256, (x * y + 40) % 256, 255];
}

/** A card frame holding a rotated photo and a caption above it, plus an unrotated photo on the harness.page. */
async function buildSceneAsync(): Promise<{ rotatedId: string; flatId: string }> {
  const pixels = Array.from({ length: PATTERN.width * PATTERN.height }, (_, i) => patternPixel(i)).flat();
  return harness.page.evaluate(
    ({ width, height, pixels }) => {
      const rgba = { width, height, data: Uint8Array.from(pixels) };
      const c = window.harness.controls;
      const card = c.addFrame({ name: 'Card', x: 40, y: 40, width: 420, height: 320, color: '#f0f0f0' });
      const rotated = c.addImageLayer({ name: 'Photo', rgba, x: 140, y: 40, width: 192, height: 128, rotation: 20, parent: card });
      c.addRectangle({ name: 'Caption', x: 20, y: 270, width: 200, height: 30, color: '#333333', parent: card });
      const flat = c.addImageLayer({ name: 'Flat photo', rgba, x: 520, y: 60, width: 96, height: 64 });
      // Masks drawn in Figma: layers named "mask" over each photo (the plugin needs a mask to run).
      c.addRectangle({ name: 'Mask over photo', x: 200, y: 110, width: 40, height: 30, color: '#ff0000' });
      c.addRectangle({ name: 'Mask over flat photo', x: 590, y: 100, width: 15, height: 15, color: '#ff0000' });
      c.resetUndoHistory();
      return { rotatedId: rotated.id, flatId: flat.id };
    },
    { ...PATTERN, pixels },
  );
}

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

/** The layer the run added: the one node in `after` that `before` lacks. */
function addedLayer(before: DocumentSnapshot, after: DocumentSnapshot): NodeSnapshot {
  const added = after.nodes.filter((node) => !before.nodes.some((old) => old.id === node.id));
  expect(added).toHaveLength(1);
  return added[0]!;
}

function expectPlacedOver(layer: NodeSnapshot, source: NodeSnapshot, name: RegExp, after: DocumentSnapshot): void {
  expect(layer.name).toMatch(name);
  expect(layer).toMatchObject({
    parentId: source.parentId,
    index: source.index + 1,
    width: source.width,
    height: source.height,
    relativeTransform: source.relativeTransform,
  });
  expect(after.selection).toEqual([layer.id]);
}

/**
 * The placed image is the source pattern where the model did not paint: same size, alpha untouched,
 * some pixels repainted, most (everything away from the small mask) bit-identical.
 */
function expectRepaintedPattern(png: Uint8Array, maxChangedShare: number): void {
  const image = decode(png);
  expect([image.width, image.height]).toEqual([PATTERN.width, PATTERN.height]);
  const channels = image.channels;
  let changed = 0;
  for (let i = 0; i < PATTERN.width * PATTERN.height; i++) {
    const source = patternPixel(i);
    if (channels === 4) expect(image.data[i * 4 + 3]).toBe(255);
    if ([0, 1, 2].some((c) => image.data[i * channels + c] !== source[c])) changed++;
  }
  const share = changed / (PATTERN.width * PATTERN.height);
  expect(changed).toBeGreaterThan(0);
  expect(share).toBeLessThan(maxChangedShare);
}

describe('round trip through the built plugin', () => {
  it('runs Remove object on a rotated, nested photo and places the result over it', async () => {
    const { rotatedId } = await buildSceneAsync();
    await harness.page.evaluate((id) => window.harness.select([id]), rotatedId);
    await harness.page.evaluate(() => window.harness.runCommand('remove'));
    const ui = await pluginUiFrameAsync(harness.page);

    // Figma's UI iframe: sandboxed, scripts only, so its origin is opaque.
    expect(await ui.evaluate(() => origin)).toBe('null');
    const sandbox = await harness.page.evaluate(() => window.harness.uiFrame()?.getAttribute('sandbox') ?? null);
    expect(sandbox?.split(/\s+/)).toContain('allow-scripts');
    expect(sandbox?.split(/\s+/)).not.toContain('allow-same-origin');

    const runtime = ui.locator('[data-testid="runtime"][data-webgpu]');
    await runtime.waitFor({ state: 'attached' });
    const runtimeText = (await runtime.textContent()) ?? '';
    console.log(`UI runtime report: ${runtimeText}`);
    expect(await runtime.getAttribute('data-webgpu'), runtimeText).toBe('true');
    expect(runtimeText).toMatch(/WebGPU: \S/);

    await expect.poll(() => ui.locator('[data-testid="source"]').textContent()).toContain('Photo');
    expect(await ui.locator('[data-testid="task-remove"]').isChecked()).toBe(true);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/Instant remove/);

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const after = await snapshotAsync();

    const source = after.nodes.find((node) => node.id === rotatedId)!;
    expect(source).toEqual(before.nodes.find((node) => node.id === rotatedId));
    const layer = addedLayer(before, after);
    expectPlacedOver(layer, source, /^Remove · seed \d+$/, after);
    expect(after.nodes.find((node) => node.name === 'Caption')?.index).toBe(layer.index + 1);
    expectRepaintedPattern(await imageFillBytesAsync(harness.page, layer.id), 0.4);
    // The Figma shape used as the mask is hidden, not deleted, in the same undo step.
    expect(after.nodes.find((node) => node.name === 'Mask over photo')?.visible).toBe(false);

    expect(await harness.page.evaluate(() => window.harness.undo())).toBe(true);
    expect((await snapshotAsync()).nodes).toEqual(before.nodes);
  });

  it('runs Insert object on a photo selected by a click on the canvas, from the Plugins menu', async () => {
    const { flatId } = await buildSceneAsync();
    const point = await harness.page.evaluate(() => window.harness.clientPoint(568, 92));
    await harness.page.mouse.click(point.x, point.y);
    await expect.poll(async () => (await snapshotAsync()).selection).toEqual([flatId]);

    await harness.page.click('#plugins-button');
    await harness.page.click('[data-command="insert"]');
    await expect.poll(() => harness.page.evaluate(() => window.harness.uiFrame() !== null)).toBe(true);
    const ui = await pluginUiFrameAsync(harness.page);
    await expect.poll(() => ui.locator('[data-testid="source"]').textContent()).toContain('Flat photo');
    expect(await ui.locator('[data-testid="task-object"]').isChecked()).toBe(true);
    await loadTinyModelAsync(ui);
    await ui.fill('[data-testid="prompt"]', 'a red kite');
    await ui.click('[data-testid="preset-fast"]');

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const after = await snapshotAsync();

    const source = after.nodes.find((node) => node.id === flatId)!;
    const layer = addedLayer(before, after);
    expectPlacedOver(layer, source, /^Insert · seed \d+$/, after);
    expectRepaintedPattern(await imageFillBytesAsync(harness.page, layer.id), 0.6);
  });

  it('says what to do when Remove object runs with nothing selected, and changes nothing', async () => {
    await buildSceneAsync();
    await harness.page.evaluate(() => window.harness.select([]));
    const before = await snapshotAsync();

    await harness.page.evaluate(() => window.harness.runCommand('remove'));

    expect(await harness.page.evaluate(() => window.harness.notifications())).toEqual([
      'Select an image layer, then run Remove object again.',
    ]);
    expect(await harness.page.evaluate(() => window.harness.uiFrame() === null)).toBe(true);
    expect(await snapshotAsync()).toEqual(before);
  });
});
