/**
 * The plugin window (ui/) in the Figma-like harness, in headless Debian Chromium, driven as a person
 * would: pick a task, paint a mask, run, watch progress, insert. The UI sits in a sandboxed null-origin
 * iframe as in Figma; the tiny model bundle and onnxruntime-web's files come from the harness server
 * (with CORS). Screenshots of the light and dark themes go to test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentSnapshot, NodeSnapshot } from '../harness/fake-figma/index.js';
import { startHarnessServer, type HarnessServer } from '../harness/serve.mjs';
import { stampSegment } from '../../ui/mask/brush-stroke.js';
import { emptyMask } from '../../ui/mask/mask-image.js';
import { writeTinyBundle } from '../bundle/write-tiny-bundle.js';
import { launchChromium } from './support/chromium.js';
import {
  imageFillBytesAsync,
  insertAsync,
  loadTinyModelAsync,
  openHarnessAsync,
  openPluginWithAsync,
  pluginUiFrameAsync,
  recordedRunsAsync,
  recordUiPostsAsync,
  RUN_TIMEOUT_MS,
  runToResultsAsync,
} from './support/harness-page.js';

const BUILT_FILES = ['dist/plugin.js', 'dist/ui.html'];
const ARTEFACTS = 'test-results';

let server: HarnessServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const missing = BUILT_FILES.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} missing: build first with \`node esbuild.config.mjs\` (npm test does).`);
  mkdirSync(ARTEFACTS, { recursive: true });
  server = await startHarnessServer({ port: 0, quiet: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  page = await openHarnessAsync(browser, server.url);
});
afterEach(async () => {
  await page?.close();
});

// ---- helpers ---------------------------------------------------------------------------------------

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return page.evaluate(() => window.harness.snapshot());
}

async function nodeIdAsync(name: string): Promise<string> {
  const id = await page.evaluate((n) => window.harness.findByName(n), name);
  if (!id) throw new Error(`No layer named ${name}`);
  return id;
}

const openWithAsync = (command: string, names: string[]): Promise<Frame> => openPluginWithAsync(page, command, names);

async function lastRunMaskAsync(): Promise<{ width: number; height: number; data: Uint8Array } | null> {
  const run = (await recordedRunsAsync(page)).at(-1);
  if (!run?.mask) return null;
  const image = decode(run.mask);
  const data = new Uint8Array(image.width * image.height);
  for (let i = 0; i < data.length; i++) data[i] = (image.data[i * image.channels + image.channels - 1] ?? 0) >= 128 ? 255 : 0;
  return { width: image.width, height: image.height, data };
}

/** Drags the brush from one point to another, in fractions of the source canvas; returns them in source pixels. */
async function strokeAsync(ui: Frame, from: [number, number], to: [number, number], source: { width: number; height: number }) {
  const box = (await ui.locator('[data-testid="brush-canvas"]').boundingBox())!;
  const at = ([fx, fy]: [number, number]) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  const a = at(from);
  const b = at(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
  const toSource = (p: { x: number; y: number }) => ({ x: ((p.x - box.x) * source.width) / box.width, y: ((p.y - box.y) * source.height) / box.height });
  return { from: toSource(a), to: toSource(b) };
}

async function maskedPixelsAsync(ui: Frame): Promise<number> {
  return Number(await ui.locator('[data-testid="brush-canvas"]').getAttribute('data-masked'));
}

async function chooseTaskAsync(ui: Frame, task: string): Promise<void> {
  await ui.check(`[data-testid="task-${task}"]`);
}

function addedLayers(before: DocumentSnapshot, after: DocumentSnapshot): NodeSnapshot[] {
  return after.nodes.filter((node) => !before.nodes.some((old) => old.id === node.id));
}

function rgba(png: Uint8Array) {
  const image = decode(png);
  if (image.channels === 4) return image;
  const data = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < image.width * image.height; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = image.data[i * image.channels + c] ?? 0;
    data[i * 4 + 3] = 255;
  }
  return { ...image, data, channels: 4 };
}

/** How many places in the window show `text`: the innermost rendered elements whose text contains it. */
async function windowPlacesAsync(ui: Frame, text: string): Promise<number> {
  return ui.evaluate(
    (t) =>
      [...document.querySelectorAll('body *')].filter((e) => e.checkVisibility() && e.textContent?.includes(t) && ![...e.children].some((c) => c.textContent?.includes(t)))
        .length,
    text,
  );
}

/** figma.notify toasts containing `text`, from the `since`-th notification on. */
async function toastsAsync(text: string, since = 0): Promise<number> {
  return (await page.evaluate(() => window.harness.notifications())).slice(since).filter((message) => message.includes(text)).length;
}

/** The next job the plugin sends carries a painted mask the window cannot decode: the run fails in the window. */
async function breakNextJobAsync(): Promise<void> {
  await page.evaluate(() => {
    const bridge = window.harness.api.ui;
    const post = bridge.postMessage.bind(bridge);
    let armed = true;
    bridge.postMessage = (message: unknown) => {
      const job = message as { type?: string };
      if (!armed || job.type !== 'job') return post(message);
      armed = false;
      post({ ...job, paintedMask: { png: new Uint8Array([1, 2, 3]), width: 5, height: 5 } });
    };
  });
}

/** Resolves once the window has heard (and drawn what follows from) a plugin message of this type. */
async function heardAsync(ui: Frame, type: string): Promise<void> {
  await ui.evaluate(
    (t) =>
      new Promise<void>((resolve) => {
        addEventListener('message', function listener(event: MessageEvent) {
          if ((event.data as { pluginMessage?: { type?: string } } | null)?.pluginMessage?.type !== t) return;
          removeEventListener('message', listener);
          // Preact renders the state it set a moment later: after the next frame it is on screen.
          requestAnimationFrame(() => setTimeout(resolve));
        });
      }),
    type,
  );
}

/** The element's box (main-page coordinates) lies inside the plugin window's iframe, and nothing covers its middle. */
async function expectInWindowAsync(ui: Frame, selector: string): Promise<void> {
  const frame = (await (await page.evaluateHandle(() => window.harness.uiFrame())).asElement()!.boundingBox())!;
  const box = (await ui.locator(selector).boundingBox())!;
  expect(box, selector).not.toBeNull();
  expect(box.y, `${selector} top`).toBeGreaterThanOrEqual(frame.y);
  expect(box.y + box.height, `${selector} bottom (window ends at ${frame.y + frame.height})`).toBeLessThanOrEqual(frame.y + frame.height);
  expect(box.x).toBeGreaterThanOrEqual(frame.x);
  expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
  const hit = await ui.locator(selector).evaluate((element) => {
    const r = element.getBoundingClientRect();
    return element.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
  });
  expect(hit, `${selector} is covered`).toBe(true);
}

// ---- tests -----------------------------------------------------------------------------------------

describe('the plugin window', () => {
  it('removes a painted object with instant remove (no model), and leaves pixels outside the mask alone', async () => {
    const ui = await openWithAsync('remove', ['Chelsea']);
    expect(await ui.evaluate(() => origin)).toBe('null');
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/Instant remove/);
    await ui.click('[data-testid="mask-clear"]');
    await strokeAsync(ui, [0.2, 0.8], [0.5, 0.8], { width: 451, height: 300 });
    expect(await maskedPixelsAsync(ui)).toBeGreaterThan(1000);

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const after = await snapshotAsync();
    const [layer] = addedLayers(before, after);
    const source = after.nodes.find((n) => n.name === 'Chelsea')!;
    expect(layer).toMatchObject({ parentId: source.parentId, index: source.index + 1, width: 451, height: 300 });

    const placed = rgba(await imageFillBytesAsync(page, layer!.id));
    const original = rgba(await imageFillBytesAsync(page, source.id));
    let changedInside = 0;
    let changedOutside = 0;
    for (let y = 0; y < 300; y++) {
      for (let x = 0; x < 451; x++) {
        const i = (y * 451 + x) * 4;
        const differs = [0, 1, 2].some((c) => placed.data[i + c] !== original.data[i + c]);
        const inStrokeBand = y > 0.8 * 300 - 20 && y < 0.8 * 300 + 20 && x > 0.2 * 451 - 20 && x < 0.5 * 451 + 20;
        if (differs && inStrokeBand) changedInside++;
        if (differs && !inStrokeBand) changedOutside++;
      }
    }
    expect(changedInside).toBeGreaterThan(500);
    expect(changedOutside).toBe(0);
  });

  it('inserts an object from a prompt with the tiny model: task, prompt, brush, progress, Insert', async () => {
    const ui = await openWithAsync('insert', ['Chelsea']);
    expect(await ui.locator('[data-testid="task-object"]').isChecked()).toBe(true);
    // Without a model the task says what it needs and Run waits.
    expect(await ui.locator('[data-testid="needs-model"]').count()).toBe(1);
    expect(await ui.locator('[data-testid="run"]').isDisabled()).toBe(true);
    await loadTinyModelAsync(ui);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/wasm/);
    await ui.fill('[data-testid="prompt"]', 'a red kite');
    await ui.click('[data-testid="mask-clear"]');
    await strokeAsync(ui, [0.3, 0.3], [0.6, 0.5], { width: 451, height: 300 });
    await ui.click('[data-testid="preset-fast"]');

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const [layer] = addedLayers(before, await snapshotAsync());
    expect(layer).toMatchObject({ width: 451, height: 300 });
  });

  it('fills a shape drawn in Figma (the ellipse selected with the photo), with the fitting degree', async () => {
    const ui = await openWithAsync('shape', ['Chelsea', 'Mask ellipse']);
    await loadTinyModelAsync(ui);
    expect(await ui.locator('[data-testid="task-shape"]').isChecked()).toBe(true);
    // The ellipse is the mask already: about π·75·65 source pixels.
    const masked = await maskedPixelsAsync(ui);
    expect(masked / (Math.PI * 75 * 65)).toBeGreaterThan(0.9);
    expect(masked / (Math.PI * 75 * 65)).toBeLessThan(1.1);
    await ui.fill('[data-testid="prompt"]', 'a ceramic vase');
    await ui.locator('[data-testid="fitting-degree"]').fill('0.6');
    expect(await ui.locator('label[for="fitting-degree"]').textContent()).toMatch(/own shape/);
    await ui.click('[data-testid="preset-fast"]');
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.fill('[data-testid="variations"]', '2');
    await ui.locator('[data-testid="variations"]').press('Tab');

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    expect(await ui.locator('[data-testid^="variation-"]').count()).toBe(2);
    await ui.click('[data-testid="variation-1"]');
    await insertAsync(ui, 'insert-all');
    expect(addedLayers(before, await snapshotAsync())).toHaveLength(2);
  });

  it('outpaints a photo to its frame, then by pixels per side, with the tiny model', async () => {
    await recordUiPostsAsync(page);
    const ui = await openWithAsync('outpaint', ['Astronaut']);
    await loadTinyModelAsync(ui);
    expect(await ui.locator('[data-testid="task-outpaint"]').isChecked()).toBe(true);
    await expect.poll(() => ui.locator('[data-testid="outpaint-size"]').textContent()).toMatch(/400 × 320/);
    await ui.click('[data-testid="preset-fast"]');

    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const [layer] = addedLayers(before, await snapshotAsync());
    const placed = rgba(await imageFillBytesAsync(page, layer!.id));
    expect([placed.width, placed.height]).toEqual([400, 320]);

    // Pixels per side: the canvas is the source plus the margin on every side, and so is the placed layer.
    const [, sourceWidth, sourceHeight] = (await ui.locator('[data-testid="source"]').textContent())!.match(/(\d+) × (\d+) px/)!.map(Number);
    const margin = 24;
    await ui.check('[data-testid="outpaint-sides"]');
    await ui.fill('[data-testid="outpaint-sides-value"]', String(margin));
    await ui.locator('[data-testid="outpaint-sides-value"]').press('Tab');
    const size = `${sourceWidth! + 2 * margin} × ${sourceHeight! + 2 * margin}`;
    await expect.poll(() => ui.locator('[data-testid="outpaint-size"]').textContent()).toContain(size);
    expect(await ui.locator('[data-testid="sides-unsupported"]').count()).toBe(0);
    const sidesBefore = await snapshotAsync();
    await runToResultsAsync(ui);
    const runs = await recordedRunsAsync(page);
    expect(runs.at(-1)?.options).toMatchObject({ outpaintSides: margin });
    expect(runs.at(-1)?.options).not.toHaveProperty('aspectRatio');
    await insertAsync(ui);
    const [sidesLayer] = addedLayers(sidesBefore, await snapshotAsync());
    const sidesPlaced = rgba(await imageFillBytesAsync(page, sidesLayer!.id));
    expect([sidesPlaced.width, sidesPlaced.height]).toEqual([sourceWidth! + 2 * margin, sourceHeight! + 2 * margin]);
  });

  it('removes with the model on WebGPU (SwiftShader here), and Run again makes a new seed', async () => {
    const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    await loadTinyModelAsync(ui, 'auto');
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/WebGPU/);
    await ui.click('[data-testid="preset-fast"]');
    await runToResultsAsync(ui);
    const firstSeed = await ui.locator('[data-testid="results"] .section-title').textContent();
    await ui.click('[data-testid="run-again"]');
    await ui.locator('[data-testid="results"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    await expect.poll(() => ui.locator('[data-testid="results"] .section-title').textContent(), { timeout: RUN_TIMEOUT_MS }).not.toBe(firstSeed);
    const before = await snapshotAsync();
    await insertAsync(ui);
    expect(addedLayers(before, await snapshotAsync())).toHaveLength(1);
  });

  it('offers an instant preview of a removal while a model is loaded, and the model run after it', async () => {
    const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    await loadTinyModelAsync(ui);
    await ui.click('[data-testid="preset-fast"]');
    await ui.click('[data-testid="instant-preview"]:not([disabled])');
    await ui.locator('[data-testid="results"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await ui.locator('[data-testid="results"]').getAttribute('data-backend')).toBe('instant');
    await ui.click('[data-testid="discard"]');
    await runToResultsAsync(ui);
    expect(await ui.locator('[data-testid="results"]').getAttribute('data-backend')).toBe('wasm');
  });

  it('keeps brush strokes at source resolution: paint, erase (X), size ([ ]), undo (Ctrl+Z) give the expected mask pixels', async () => {
    await recordUiPostsAsync(page);
    const ui = await openWithAsync('remove', ['Chelsea']);
    const source = { width: 451, height: 300 };
    await ui.click('[data-testid="mask-clear"]');
    await ui.locator('[data-testid="brush-size"]').fill('20');
    expect(await ui.locator('[data-testid="brush-size-value"]').textContent()).toBe('20 px');

    // A horizontal paint stroke, then ] twice (20 -> 24 -> 29 px) and an erase stroke (X) across it.
    const paint = await strokeAsync(ui, [0.2, 0.5], [0.8, 0.5], source);
    await ui.locator('[data-testid="brush-canvas"]').focus();
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    expect(await ui.locator('[data-testid="brush-size-value"]').textContent()).toBe('29 px');
    await page.keyboard.press('x');
    expect(await ui.locator('[data-testid="brush-erase"]').getAttribute('aria-checked')).toBe('true');
    const erase = await strokeAsync(ui, [0.5, 0.2], [0.5, 0.8], source);
    // A third stroke, undone with Ctrl+Z: it must leave no trace.
    await page.keyboard.press('x');
    await strokeAsync(ui, [0.1, 0.1], [0.3, 0.1], source);
    await page.keyboard.press('Control+z');

    const expected = emptyMask(source.width, source.height);
    stampSegment(expected, paint.from, paint.to, 10, 255);
    stampSegment(expected, erase.from, erase.to, 14.5, 0);
    expect(await maskedPixelsAsync(ui)).toBeGreaterThan(0);

    await runToResultsAsync(ui);
    const sent = await lastRunMaskAsync();
    expect(sent).not.toBeNull();
    expect([sent!.width, sent!.height]).toEqual([source.width, source.height]);
    let differ = 0;
    let painted = 0;
    for (let i = 0; i < expected.data.length; i++) {
      if (expected.data[i] !== sent!.data[i]) differ++;
      if (expected.data[i]) painted++;
    }
    // Pointer positions are sub-pixel in the browser and rounded in the test: allow the edge pixels only.
    expect(painted).toBeGreaterThan(4000);
    expect(differ / painted).toBeLessThan(0.03);
    expect(await maskedPixelsAsync(ui)).toBe(sent!.data.filter((v) => v).length);
    // The erased band splits the stroke: nothing painted around the middle column.
    const middle = Math.round((erase.from.x + erase.to.x) / 2);
    for (let y = 0; y < source.height; y++) expect(sent!.data[y * source.width + middle]).toBe(0);
    await ui.click('[data-testid="discard"]');
    expect(await ui.locator('[data-testid="status"]').getAttribute('data-state')).toBe('idle');
  });

  it('grows, shrinks, inverts and clears the mask, with undo and redo', async () => {
    const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    const ellipse = await maskedPixelsAsync(ui);
    await ui.click('[data-testid="mask-grow"]');
    const grown = await maskedPixelsAsync(ui);
    expect(grown).toBeGreaterThan(ellipse);
    await ui.click('[data-testid="mask-shrink"]');
    await ui.click('[data-testid="mask-shrink"]');
    expect(await maskedPixelsAsync(ui)).toBeLessThan(ellipse);
    await ui.click('[data-testid="mask-undo"]');
    await ui.click('[data-testid="mask-undo"]');
    expect(await maskedPixelsAsync(ui)).toBe(grown);
    await ui.click('[data-testid="mask-redo"]');
    await ui.click('[data-testid="mask-clear"]');
    expect(await maskedPixelsAsync(ui)).toBe(0);
    await ui.click('[data-testid="mask-invert"]');
    expect(await maskedPixelsAsync(ui)).toBe(451 * 300);
    await ui.click('[data-testid="mask-clear"]');
    await ui.click('[data-testid="mask-use-shapes"]');
    expect(await maskedPixelsAsync(ui)).toBe(ellipse);
  });

  it('cancels a run within a step: progress shows stage, step and time left; nothing is added', async () => {
    const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    await loadTinyModelAsync(ui, 'auto'); // SwiftShader: slow enough to watch
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.fill('[data-testid="steps"]', '100');
    await ui.locator('[data-testid="steps"]').press('Tab');
    const before = await snapshotAsync();
    await ui.click('[data-testid="run"]');
    await expect.poll(() => ui.locator('[data-testid="progress-text"]').textContent(), { timeout: RUN_TIMEOUT_MS }).toMatch(/step [1-9]\d* of 100/);
    expect(await ui.locator('[data-testid="progress-eta"]').textContent()).toMatch(/left/);
    await ui.click('[data-testid="cancel"]');
    // That the engine stops between steps is test/engine's (cancel at step 3); here, that the window gets there.
    await ui.locator('[data-testid="status"][data-state="cancelled"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(addedLayers(before, await snapshotAsync())).toHaveLength(0);
    expect(await ui.locator('[data-testid="results"]').count()).toBe(0);
    // The window is usable again at once.
    await ui.fill('[data-testid="steps"]', '2');
    await ui.locator('[data-testid="steps"]').press('Tab');
    await runToResultsAsync(ui);
    // The engine runs one request at a time, in order: this run reached its results, so the cancelled
    // one has ended before it, and it added nothing late (the results on show are not inserted).
    expect(addedLayers(before, await snapshotAsync())).toHaveLength(0);
  });

  it('says what range a number field takes and what it used instead of changing a value silently', async () => {
    const ui = await openWithAsync('outpaint', ['Astronaut']);
    await ui.check('[data-testid="outpaint-sides"]');
    const commit = async (field: string, text: string) => {
      await ui.fill(`[data-testid="${field}"]`, text);
      await ui.locator(`[data-testid="${field}"]`).press('Tab');
      return { value: await ui.inputValue(`[data-testid="${field}"]`), note: await ui.locator(`[data-testid="${field}-note"]`).textContent().catch(() => null) };
    };
    // Before the fix each of these was changed without a word.
    expect(await commit('outpaint-sides-value', '0')).toEqual({ value: '8', note: 'Pixels per side: whole numbers from 8 to 2048, so 0 became 8.' });
    await ui.locator('[data-testid="advanced"] summary').click();
    expect(await commit('steps', '1000')).toEqual({ value: '100', note: 'Steps: whole numbers from 1 to 100, so 1000 became 100.' });
    expect(await commit('steps', '0')).toEqual({ value: '1', note: 'Steps: whole numbers from 1 to 100, so 0 became 1.' });
    expect(await commit('guidance', '0')).toEqual({ value: '1', note: 'Guidance: from 1 to 20, so 0 became 1.' });
    expect(await commit('guidance', '100')).toEqual({ value: '20', note: 'Guidance: from 1 to 20, so 100 became 20.' });
    expect(await commit('seed', '-5')).toEqual({ value: '0', note: 'Seed: whole numbers from 0 to 4294967295, so -5 became 0.' });
    // A value in range clears the note.
    expect(await commit('steps', '12')).toEqual({ value: '12', note: null });
  });

  it('explains problems in plain words with the next step', async () => {
    const ui = await openWithAsync('remove', ['Chelsea']);
    // Nothing painted.
    await ui.click('[data-testid="mask-clear"]');
    await ui.click('[data-testid="run"]');
    await expect.poll(() => ui.locator('[data-testid="error"]').getAttribute('data-kind')).toBe('empty-mask');
    expect(await ui.locator('[data-testid="error"]').textContent()).toMatch(/Paint over the area/);

    // A model file that fails its check.
    await ui.locator('[data-testid="model-panel"] summary').click();
    await ui.selectOption('[data-testid="model-backend"]', 'wasm');
    await ui.click('[data-testid="model-from-url"]');
    await ui.fill('[data-testid="model-url"]', `${server.url}tiny-bundle-damaged/`);
    await ui.click('[data-testid="model-load"]');
    await ui.locator('[data-testid="model-status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await ui.locator('[data-testid="model-error"]').getAttribute('data-kind')).toBe('failed-check');
    expect(await ui.locator('[data-testid="model-error"]').textContent()).toMatch(/download it again/);

    // A prompt longer than 77 tokens runs, and says it was cut.
    await ui.click('[data-testid="model-from-catalog"]');
    await ui.click('[data-testid="model-load"]');
    await ui.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    await chooseTaskAsync(ui, 'object');
    await ui.fill('[data-testid="prompt"]', Array.from({ length: 120 }, (_, i) => `word${i}`).join(' '));
    await strokeAsync(ui, [0.3, 0.3], [0.5, 0.5], { width: 451, height: 300 });
    await ui.click('[data-testid="preset-fast"]');
    await runToResultsAsync(ui);
    expect(await ui.locator('[data-testid="warning"]').getAttribute('data-kind')).toBe('prompt-cut');
    expect(await ui.locator('[data-testid="warning"]').textContent()).toMatch(/cut at 77 tokens/);
  });

  it('shows each problem once, in the action bar, and takes it away when it no longer holds', async () => {
    const ui = await openWithAsync('remove', ['Chelsea']);
    const frame = (await page.evaluateHandle(() => window.harness.uiFrame())).asElement()!;

    // Nothing painted: one banner, no toast, no second line saying the run did not finish.
    await ui.click('[data-testid="mask-clear"]');
    await ui.click('[data-testid="run"]');
    await ui.locator('[data-testid="status"][data-state="error"]').waitFor();
    const nothingPainted = 'Nothing is painted yet';
    expect(await windowPlacesAsync(ui, nothingPainted)).toBe(1);
    expect(await toastsAsync(nothingPainted)).toBe(0);
    expect(await ui.locator('[data-testid="status"]').innerText()).not.toMatch(/did not finish/);
    expect(await ui.locator('[data-testid="action-bar"] [data-testid="error"]').count()).toBe(1);
    // Painting makes it untrue: it goes.
    await strokeAsync(ui, [0.3, 0.4], [0.5, 0.5], { width: 451, height: 300 });
    await expect.poll(() => windowPlacesAsync(ui, nothingPainted)).toBe(0);
    expect(await ui.locator('[data-testid="status"]').getAttribute('data-state')).toBe('idle');

    // A run that fails in the window: shown once (it was a top banner and a bottom banner).
    await breakNextJobAsync();
    // The plugin's answer to the window's report of the failure (it sends it back, then ends the run).
    const answered = heardAsync(ui, 'batch-done');
    await ui.click('[data-testid="run"]');
    await ui.locator('[data-testid="status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    const failure = 'could not be decoded';
    await answered;
    expect(await windowPlacesAsync(ui, failure)).toBe(1);
    // Nor as a Figma toast: with the window open, the plugin leaves problems to it.
    expect(await toastsAsync(failure)).toBe(0);
    expect(await ui.locator('[data-testid="source-problem"]').count()).toBe(0);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await expect.poll(() => ui.evaluate(() => document.documentElement.className)).toContain(`figma-${theme}`);
      await frame.screenshot({ path: `${ARTEFACTS}/ui-error-${theme}.png` });
    }
    // The next run succeeds: nothing of the failure remains.
    await runToResultsAsync(ui);
    expect(await windowPlacesAsync(ui, failure)).toBe(0);
    expect(await ui.locator('.banner.error, [data-testid="source-problem"]').count()).toBe(0);
    await ui.click('[data-testid="discard"]');

    // A problem the plugin finds (the layer lost its image): the window hears of the edit at once (no Run
    // needed) and says it once; another selection, and it goes.
    await page.evaluate(async (id) => {
      const node = (await window.harness.api.getNodeByIdAsync(id)) as unknown as { fills: readonly Paint[] };
      node.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    }, await nodeIdAsync('Chelsea'));
    const noFill = 'has no image fill';
    await expect.poll(() => windowPlacesAsync(ui, noFill)).toBe(1);
    expect(await ui.locator('[data-testid="run"]').isEnabled()).toBe(false);
    await page.evaluate((id) => window.harness.select([id]), await nodeIdAsync('Coffee (rotated)'));
    await expect.poll(() => ui.locator('[data-testid="source"]').textContent()).toContain('Coffee');
    await expect.poll(() => windowPlacesAsync(ui, noFill)).toBe(0);
    expect(await ui.locator('[data-testid="status"]').getAttribute('data-state')).not.toBe('error');
  });

  it('opens Outpaint on a layer without a frame with no problem to show: no banner, no toast', async () => {
    const ui = await openWithAsync('outpaint', ['Chelsea']);
    await expect.poll(() => ui.locator('[data-testid="outpaint-size"]').textContent()).toMatch(/px in all/);
    expect(await ui.locator('[data-testid="outpaint-ratio"]').isChecked()).toBe(true);
    expect(await page.evaluate(() => window.harness.notifications())).toEqual([]);
    expect(await ui.locator('.banner:not([data-testid="needs-model"])').count()).toBe(0);
  });

  it('keeps Run in view with the longest form: Outpaint with its options, Advanced and Model open', async () => {
    const ui = await openWithAsync('outpaint', ['Chelsea']);
    await loadTinyModelAsync(ui);
    await ui.click('[data-testid="preset-fast"]');
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.locator('[data-testid="model-panel"] summary').click();
    await ui.locator('[data-testid="model-status"][data-state="ready"]').waitFor();
    // The form is far longer than the window: it scrolls, Run does not, wherever the form is scrolled to.
    const scrollTo = (where: 'top' | 'bottom') =>
      ui.evaluate((w) => {
        for (const e of [document.scrollingElement, ...document.querySelectorAll('[data-testid="app-body"]')]) if (e) e.scrollTop = w === 'top' ? 0 : e.scrollHeight;
        return Math.max(...[document.scrollingElement, ...document.querySelectorAll('[data-testid="app-body"]')].map((e) => e?.scrollHeight ?? 0));
      }, where);
    expect(await scrollTo('top')).toBeGreaterThan(680 + 300);
    await expectInWindowAsync(ui, '[data-testid="run"]');
    await scrollTo('bottom');
    await expectInWindowAsync(ui, '[data-testid="run"]');
    const frame = (await page.evaluateHandle(() => window.harness.uiFrame())).asElement()!;
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await expect.poll(() => ui.evaluate(() => document.documentElement.className)).toContain(`figma-${theme}`);
      await frame.screenshot({ path: `${ARTEFACTS}/ui-action-bar-${theme}.png` });
    }
    await scrollTo('top');
    // A click where Run is, without scrolling anything, runs; Cancel, then Insert take its place in view.
    const run = (await ui.locator('[data-testid="run"]').boundingBox())!;
    await page.mouse.click(run.x + run.width / 2, run.y + run.height / 2);
    await ui.locator('[data-testid="cancel"], [data-testid="results"]').first().waitFor({ timeout: RUN_TIMEOUT_MS });
    if ((await ui.locator('[data-testid="cancel"]').count()) > 0) await expectInWindowAsync(ui, '[data-testid="cancel"]');
    await ui.locator('[data-testid="results"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    await expectInWindowAsync(ui, '[data-testid="insert"]');
    await insertAsync(ui);
  });

  it('says when there is no WebGPU and the model runs on the CPU', async () => {
    const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    await ui.evaluate(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }));
    await loadTinyModelAsync(ui, 'auto');
    expect(await ui.locator('[data-testid="no-webgpu"]').getAttribute('data-kind')).toBe('no-webgpu');
    expect(await ui.locator('[data-testid="no-webgpu"]').textContent()).toMatch(/No WebGPU here/);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/wasm/);
  });

  it('looks like Figma in the light and dark themes (screenshots in test-results/)', async () => {
    const ui = await openWithAsync('shape', ['Chelsea', 'Mask ellipse']);
    await ui.fill('[data-testid="prompt"]', 'a ceramic vase');
    const frame = (await page.evaluateHandle(() => window.harness.uiFrame())).asElement()!;
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await expect.poll(() => ui.evaluate(() => document.documentElement.className)).toContain(`figma-${theme}`);
      const background = await ui.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(44, 44, 44)');
      await frame.screenshot({ path: `${ARTEFACTS}/ui-${theme}.png` });
    }
    // The results with their before/after compare, in both themes.
    await ui.locator('[data-testid="task-remove"]').check();
    await runToResultsAsync(ui);
    await ui.locator('[data-testid="results"]').scrollIntoViewIfNeeded();
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await expect.poll(() => ui.evaluate(() => document.documentElement.className)).toContain(`figma-${theme}`);
      await frame.screenshot({ path: `${ARTEFACTS}/ui-results-${theme}.png` });
    }
    await ui.click('[data-testid="discard"]');
    // Keyboard: Tab reaches the task radios, and focus is visible.
    await ui.locator('[data-testid="task-remove"]').focus();
    const outline = await ui.evaluate(() => getComputedStyle(document.activeElement!.closest('.task-option')!).outlineStyle);
    expect(outline).toBe('solid');
  });

  it('remembers the task settings, the seed choice and the model source between sessions (figma.clientStorage through the plugin)', async () => {
    let ui = await openWithAsync('insert', ['Chelsea']);
    await ui.fill('[data-testid="prompt"]', 'a paper lantern');
    await ui.click('[data-testid="preset-best"]');
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.fill('[data-testid="variations"]', '3');
    await ui.locator('[data-testid="variations"]').press('Tab');
    await ui.fill('[data-testid="seed"]', '4321');
    await ui.locator('[data-testid="seed"]').press('Tab');
    expect(await ui.locator('[data-testid="seed-lock"]').isChecked()).toBe(true);
    await ui.locator('[data-testid="model-panel"] summary').click();
    await ui.click('[data-testid="model-from-url"]');
    await ui.fill('[data-testid="model-url"]', 'https://models.example.com/powerpaint-v1/');
    // Saving is debounced: wait until the last change (the URL) is stored.
    await expect
      .poll(() => page.evaluate(() => window.harness.api.clientStorage.getAsync('settings')))
      .toMatchObject({ model: { from: 'url', url: 'https://models.example.com/powerpaint-v1/' } });
    ui = await openWithAsync('insert', ['Chelsea']);
    await expect.poll(() => ui.locator('[data-testid="prompt"]').inputValue()).toBe('a paper lantern');
    expect(await ui.locator('[data-testid="preset-best"]').getAttribute('aria-checked')).toBe('true');
    expect(await ui.locator('[data-testid="variations"]').inputValue()).toBe('3');
    expect(await ui.locator('[data-testid="seed-lock"]').isChecked()).toBe(true);
    expect(await ui.locator('[data-testid="seed"]').inputValue()).toBe('4321');
    expect(await ui.locator('[data-testid="model-from-url"]').getAttribute('aria-checked')).toBe('true');
    expect(await ui.locator('[data-testid="model-url"]').inputValue()).toBe('https://models.example.com/powerpaint-v1/');
    const stored = await page.evaluate(() => window.harness.api.clientStorage.getAsync('settings'));
    expect(stored).toMatchObject({ schemaVersion: 2, seedMode: 'lock', model: { from: 'url', url: 'https://models.example.com/powerpaint-v1/' } });
  });

  it('lists the catalog: PowerPaint v1 and SD-1.5 inpainting from Hugging Face, any pasted repo (with a token field), the tiny bundle', async () => {
    const ui = await openWithAsync('remove', ['Chelsea']);
    await ui.locator('[data-testid="model-panel"] summary').click();
    await ui.locator('[data-testid="model-catalog"]').waitFor();
    const options = await ui.locator('[data-testid="model-catalog"] option').evaluateAll((list) =>
      (list as HTMLOptionElement[]).map((o) => ({ value: o.value, disabled: o.disabled, text: o.textContent ?? '' })),
    );
    expect(options.map((o) => [o.value, o.disabled])).toEqual([
      ['powerpaint-v1', false],
      ['sd15-inpainting', false],
      ['hub-repo', false],
      ['tiny', false],
    ]);
    expect(options[0]!.text).toMatch(/^PowerPaint v1 \(~2(\.\d+)? GB\)$/);
    expect(options[3]!.text).toMatch(/Tiny test bundle \(~\d+(\.\d+)? kB\)/i);
    expect(await ui.locator('[data-testid="model-catalog"]').inputValue()).toBe('powerpaint-v1');
    expect(await ui.locator('[data-testid="model-catalog-note"]').textContent()).toMatch(/Sanster\/PowerPaint-V1-stable-diffusion-inpainting/);
    expect(await ui.locator('[data-testid="model-load"]').isEnabled()).toBe(true);

    // Any repo: a repo field and a token field (a password field, kept in clientStorage); Load waits for a repo.
    await ui.selectOption('[data-testid="model-catalog"]', 'hub-repo');
    expect(await ui.locator('[data-testid="model-load"]').isDisabled()).toBe(true);
    expect(await ui.locator('[data-testid="model-hub-token"]').getAttribute('type')).toBe('password');
    await ui.fill('[data-testid="model-hub-repo"]', 'tiny-sd/text-to-image');
    expect(await ui.locator('[data-testid="model-load"]').isEnabled()).toBe(true);
    await ui.selectOption('[data-testid="model-backend"]', 'wasm');
    await ui.click('[data-testid="model-load"]');
    // The harness's Hub stand-in serves it: a text-to-image repo is refused, in words, before its weights.
    await ui.locator('[data-testid="model-status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await ui.locator('[data-testid="model-status"]').innerText()).toMatch(/text-to-image model, not an inpainting model/);
    expect(server.hub.log.some((r) => r.repo === 'tiny-sd/text-to-image' && r.path.endsWith('.safetensors'))).toBe(false);
  });

  it('loads a bundle from a picked folder (File objects, no download) and runs with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'powerpaint-folder-'));
    try {
      await writeTinyBundle(join(dir, 'powerpaint-tiny'));
      const ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
      await ui.locator('[data-testid="model-panel"] summary').click();
      await ui.selectOption('[data-testid="model-backend"]', 'wasm');
      await ui.click('[data-testid="model-from-folder"]');
      expect(await ui.locator('[data-testid="model-folder"]').evaluate((input) => (input as HTMLInputElement).webkitdirectory)).toBe(true);
      await ui.setInputFiles('[data-testid="model-folder"]', join(dir, 'powerpaint-tiny'));
      await ui.locator('[data-testid="model-status"][data-state="ready"], [data-testid="model-status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
      const status = ui.locator('[data-testid="model-status"]');
      expect(await status.getAttribute('data-state'), await status.innerText()).toBe('ready');
      expect(await status.innerText()).toMatch(/folder “powerpaint-tiny”/);
      expect(await ui.locator('[data-testid="engine-name"]').textContent()).not.toMatch(/instant/i);
      await ui.locator('[data-testid="model-panel"] summary').click();
      await ui.click('[data-testid="preset-fast"]');
      const before = await snapshotAsync();
      await runToResultsAsync(ui);
      await insertAsync(ui);
      const [layer] = addedLayers(before, await snapshotAsync());
      expect(rgba(await imageFillBytesAsync(page, layer!.id))).toMatchObject({ width: 451, height: 300 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('extends a photo without a frame to a ratio, and places a patch when asked for one', async () => {
    const ui = await openWithAsync('outpaint', ['Chelsea']);
    await loadTinyModelAsync(ui);
    // No frame around Chelsea: the window picks a ratio, and the canvas follows it.
    expect(await ui.locator('[data-testid="outpaint-ratio"]').isChecked()).toBe(true);
    await ui.selectOption('[data-testid="outpaint-ratio-value"]', '2:1');
    await expect.poll(() => ui.locator('[data-testid="outpaint-size"]').textContent()).toMatch(/600 × 300/);
    await ui.click('[data-testid="preset-fast"]');
    let before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const [extended] = addedLayers(before, await snapshotAsync());
    expect(rgba(await imageFillBytesAsync(page, extended!.id))).toMatchObject({ width: 600, height: 300 });

    // Remove as a patch: only the changed area comes back, placed over it.
    const removeUi = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    await removeUi.locator('[data-testid="advanced"] summary').click();
    await removeUi.click('[data-testid="output-patch"]');
    before = await snapshotAsync();
    await runToResultsAsync(removeUi);
    await insertAsync(removeUi);
    const [patch] = addedLayers(before, await snapshotAsync());
    expect(patch!.width).toBeLessThan(451);
    expect(patch!.height).toBeLessThan(300);
    expect(patch!.width).toBeGreaterThan(100);
  });

  it('runs a batch over several selected layers, each with the shapes over it, and says which failed', async () => {
    const ids = await Promise.all(['Chelsea', 'Coffee (rotated)'].map(nodeIdAsync));
    await page.evaluate((list) => window.harness.select(list), ids);
    await page.evaluate(() => window.harness.runCommand('remove'));
    const ui = await pluginUiFrameAsync(page);
    await expect.poll(() => ui.locator('[data-testid="source"]').textContent()).toMatch(/2 layers selected/);
    expect(await ui.locator('[data-testid="batch-note"]').count()).toBe(1);
    const before = await snapshotAsync();
    await ui.click('[data-testid="run"]:not([disabled])');
    await ui.locator('[data-testid="status"][data-state="error"], [data-testid="status"][data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    await expect.poll(() => ui.locator('[data-testid="status"]').getAttribute('data-state'), { timeout: RUN_TIMEOUT_MS }).toBe('error');
    // Chelsea has the ellipse over it and is placed; the coffee has no mask and is reported by name.
    expect(await ui.locator('[data-testid="error"]').textContent()).toMatch(/1 of 2 layers failed.*Coffee/);
    expect(addedLayers(before, await snapshotAsync())).toHaveLength(1);
  });
});
