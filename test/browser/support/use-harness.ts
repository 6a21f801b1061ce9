import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startHarnessServer, type HarnessServer } from '../../harness/serve.mjs';
import { launchChromium } from './chromium.js';
import { openEmptyHarnessAsync, openHarnessAsync } from './harness-page.js';

const BUILT_FILES = ['dist/plugin.js', 'dist/ui.html'];

/**
 * For a browser test file: the harness server and Chromium for the file, and a fresh harness page for each
 * test (its sample scene, or an empty document). Read the fields inside tests and hooks.
 */
export function useHarness(scene: 'sample' | 'empty'): { readonly server: HarnessServer; readonly browser: Browser; readonly page: Page } {
  const state = {} as { server: HarnessServer; browser: Browser; page: Page };
  beforeAll(async () => {
    const missing = BUILT_FILES.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`${missing.join(' and ')} missing: build first with \`node esbuild.config.mjs\` (npm test does).`);
    state.server = await startHarnessServer({ port: 0, quiet: true });
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  beforeEach(async () => {
    state.page = scene === 'empty' ? await openEmptyHarnessAsync(state.browser, state.server.url) : await openHarnessAsync(state.browser, state.server.url);
  });
  afterEach(async () => {
    await state.page?.close();
  });
  return state;
}
