/// <reference types="@figma/plugin-typings" />
/**
 * Opening the Figma-like harness page in Chromium and reaching the plugin's UI iframe in it.
 * The harness itself (server, page, fake figma) is test/harness/.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import type {} from '../../harness/page/harness-api.js';

/** The harness with an empty document (no sample scene), after `window.harness.ready`. */
export async function openEmptyHarnessAsync(browser: Browser, harnessUrl: string): Promise<Page> {
  return openHarnessAsync(browser, `${harnessUrl}?scene=empty`, 900);
}

/**
 * The harness page (its sample scene unless the URL says otherwise), after `window.harness.ready`, with the
 * page's errors on the test's console (onnxruntime-web's own warnings, printed as errors, left out).
 */
export async function openHarnessAsync(browser: Browser, url: string, height = 1000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height } });
  page.on('pageerror', (error) => console.error('harness page error:', error));
  page.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && !message.text().includes('[W:onnxruntime')) console.warn(`[page ${message.type()}] ${message.text()}`);
  });
  await page.goto(url);
  await page.evaluate(() => window.harness.ready);
  return page;
}

/** Selects layers by name and runs a plugin command; resolves when the window shows the source in its editor. */
export async function openPluginWithAsync(page: Page, command: string, names: readonly string[]): Promise<Frame> {
  const ids = await page.evaluate((list) => list.map((name) => window.harness.findByName(name)), names);
  const missing = names.filter((_, i) => !ids[i]);
  if (missing.length > 0) throw new Error(`No layer named ${missing.join(', ')}`);
  await page.evaluate((list) => window.harness.select(list as string[]), ids);
  await page.evaluate((c) => window.harness.runCommand(c), command);
  const ui = await pluginUiFrameAsync(page);
  await ui.locator('[data-testid="brush-canvas"]').waitFor();
  return ui;
}

/** The plugin UI's frame; throws when no UI is open. */
export async function pluginUiFrameAsync(page: Page): Promise<Frame> {
  const element = (await page.evaluateHandle(() => window.harness.uiFrame())).asElement();
  const frame = await element?.contentFrame();
  if (!frame) throw new Error('The plugin UI is not open: harness.uiFrame() is null.');
  return frame;
}

/** Records what the plugin window posts to the plugin from now on (run messages carry options and the mask). */
export async function recordUiPostsAsync(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { uiPosts: unknown[] };
    w.uiPosts = [];
    window.addEventListener('message', (event) => {
      if (event.source === window.harness.uiFrame()?.contentWindow) w.uiPosts.push((event.data as { pluginMessage: unknown }).pluginMessage);
    });
  });
}

/** The run messages recorded since `recordUiPostsAsync`, oldest first (a mask's PNG as bytes). */
export async function recordedRunsAsync(page: Page): Promise<{ options?: Record<string, unknown>; mask?: Uint8Array }[]> {
  const runs = await page.evaluate(() =>
    (window as unknown as { uiPosts: { type: string; options?: Record<string, unknown>; mask?: { png: Uint8Array } }[] }).uiPosts
      .filter((p) => p.type === 'run')
      // Playwright carries arrays, not Uint8Arrays, out of the page.
      .map((p) => ({ ...(p.options && { options: p.options }), ...(p.mask && { mask: Array.from(p.mask.png) }) })),
  );
  return runs.map((r) => ({ ...(r.options && { options: r.options }), ...(r.mask && { mask: Uint8Array.from(r.mask) }) }));
}

/** The bytes of a layer's image fill, as the fake document stores them. */
export async function imageFillBytesAsync(page: Page, nodeId: string): Promise<Uint8Array> {
  const bytes = await page.evaluate(async (id) => {
    const node = (await window.harness.api.getNodeByIdAsync(id)) as { fills?: readonly ImagePaint[] } | null;
    const hash = node?.fills?.find((paint) => paint.type === 'IMAGE')?.imageHash;
    const image = hash ? window.harness.api.getImageByHash(hash) : null;
    // Playwright carries arrays, not Uint8Arrays, out of the page.
    return image ? Array.from(await image.getBytesAsync()) : null;
  }, nodeId);
  if (bytes === null) throw new Error(`Layer ${nodeId} has no image fill.`);
  return Uint8Array.from(bytes);
}

/** A layer rendered as exportAsync would (axis-aligned render bounds), as PNG bytes. */
export async function renderNodePngAsync(page: Page, nodeId: string): Promise<Uint8Array> {
  return Uint8Array.from(await page.evaluate(async (id) => Array.from(await window.harness.renderNodePng(id)), nodeId));
}

/** Long enough for a tiny-model run on SwiftShader or wasm with several windows. */
export const RUN_TIMEOUT_MS = 60_000;

/** Loads the harness's tiny bundle from the Model panel's catalog, on the CPU (wasm) unless told. */
export async function loadTinyModelAsync(ui: Frame, runtime: 'wasm' | 'auto' = 'wasm'): Promise<void> {
  await loadHubCatalogModelAsync(ui, 'tiny', runtime);
}

/** Loads a catalog entry (a Hub repo the harness's stand-in serves, or the tiny bundle) and closes the panel. */
export async function loadHubCatalogModelAsync(ui: Frame, entry: string, runtime: 'wasm' | 'auto' = 'wasm'): Promise<void> {
  await ui.locator('[data-testid="model-panel"] summary').click();
  await ui.selectOption('[data-testid="model-backend"]', runtime);
  await ui.locator('[data-testid="model-catalog"]').waitFor();
  await ui.selectOption('[data-testid="model-catalog"]', entry);
  await ui.click('[data-testid="model-load"]');
  await ui.locator('[data-testid="model-status"][data-state="ready"], [data-testid="model-status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  expect(await ui.locator('[data-testid="model-status"]').getAttribute('data-state'), await ui.locator('[data-testid="model-status"]').innerText()).toBe('ready');
  await ui.locator('[data-testid="model-panel"] summary').click();
}

/** Clicks Run and waits for the results strip (or an error). */
export async function runToResultsAsync(ui: Frame): Promise<void> {
  await ui.click('[data-testid="run"]:not([disabled])');
  await ui.locator('[data-testid="results"], [data-testid="status"][data-state="error"]').first().waitFor({ timeout: RUN_TIMEOUT_MS });
  const status = ui.locator('[data-testid="status"]');
  const state = await status.getAttribute('data-state');
  expect(state, `state ${state}: ${await ui.locator('main').innerText()}`).toBe('results');
}

/** Insert (or Insert all) and wait until the plugin placed the layer(s). */
export async function insertAsync(ui: Frame, which: 'insert' | 'insert-all' = 'insert'): Promise<void> {
  await ui.click(`[data-testid="${which}"]`);
  const status = ui.locator('[data-testid="status"]');
  await ui.locator('[data-testid="status"][data-state="done"], [data-testid="status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  expect(await status.getAttribute('data-state'), await ui.locator('main').innerText()).toBe('done');
}


export interface PreviewSeen {
  /** The first preview as it was first drawn: its step, decoder, canvas size and pixels. */
  first?: { step: string | null; decoder: string | null; width: number; height: number; pixels: number[] };
  previewAt?: number;
  resultsAt?: number;
}

/**
 * Records, as the window's DOM changes, when a live preview and when the results first appear, and the first
 * preview's pixels (drawn before the frame is painted: RunPreview draws in a layout effect).
 */
export async function watchPreviewAsync(ui: Frame): Promise<void> {
  await ui.evaluate(() => {
    const seen: PreviewSeen = {};
    (window as unknown as { previewSeen: PreviewSeen }).previewSeen = seen;
    new MutationObserver(() => {
      const preview = document.querySelector<HTMLElement>('[data-testid="run-preview"]');
      if (preview && seen.previewAt === undefined) {
        seen.previewAt = performance.now();
        const canvas = preview.querySelector('canvas')!;
        const pixels = Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
        seen.first = { step: preview.getAttribute('data-step'), decoder: preview.getAttribute('data-decoder'), width: canvas.width, height: canvas.height, pixels };
      }
      if (document.querySelector('[data-testid="results"]') && seen.resultsAt === undefined) seen.resultsAt = performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/** What watchPreviewAsync saw; fails when no preview was shown. */
export async function previewSeenAsync(ui: Frame): Promise<PreviewSeen> {
  const seen = await ui.evaluate(() => (window as unknown as { previewSeen: PreviewSeen }).previewSeen);
  expect(seen.previewAt, 'no preview was shown').toBeDefined();
  return seen;
}

/** The results' "Before" canvas: the source as the window shows it. */
export async function sourceCanvasAsync(ui: Frame): Promise<{ width: number; height: number; pixels: number[] }> {
  return ui.locator('[data-testid="compare"] [aria-label="Before"]').evaluate((c: HTMLCanvasElement) => ({
    width: c.width,
    height: c.height,
    pixels: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
  }));
}
