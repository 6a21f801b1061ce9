/// <reference types="@figma/plugin-typings" />
/**
 * Opening the Figma-like harness page in Chromium and reaching the plugin's UI iframe in it.
 * The harness itself (server, page, fake figma) is test/harness/.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import type {} from '../../harness/page/harness-api.js';

/** The harness with an empty document (no sample scene), after `window.harness.ready`. */
export async function openEmptyHarnessAsync(browser: Browser, harnessUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => console.error('harness page error:', error));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.warn(`[page ${message.type()}] ${message.text()}`);
  });
  await page.goto(`${harnessUrl}?scene=empty`);
  await page.evaluate(() => window.harness.ready);
  return page;
}

/** The plugin UI's frame; throws when no UI is open. */
export async function pluginUiFrameAsync(page: Page): Promise<Frame> {
  const element = (await page.evaluateHandle(() => window.harness.uiFrame())).asElement();
  const frame = await element?.contentFrame();
  if (!frame) throw new Error('The plugin UI is not open: harness.uiFrame() is null.');
  return frame;
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
