import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startHarnessServer, type HarnessServer } from '../../harness/serve.mjs';
import { launchChromium } from './chromium.js';
import { openEmptyHarnessAsync, openHarnessAsync } from './harness-page.js';

const BUILT_FILES = ['dist/plugin.js', 'dist/ui.html'];

export interface HarnessOptions {
  /** The document: the harness's sample scene, or empty. */
  scene: 'sample' | 'empty';
  /** A fresh page for each test (default), or one for the whole file (tests that follow on from each other). */
  page?: 'per-test' | 'per-file';
  /** The server in hosted-UI mode (see test/harness/serve.mjs). */
  hostedUi?: boolean;
}

/**
 * For a browser test file: the harness server and Chromium for the file, and a harness page for each test or
 * for the file. Read the fields inside tests and hooks.
 */
export function useHarness(options: HarnessOptions): { readonly server: HarnessServer; readonly browser: Browser; readonly page: Page } {
  const state = {} as { server: HarnessServer; browser: Browser; page: Page };
  const open = async () => {
    state.page = options.scene === 'empty' ? await openEmptyHarnessAsync(state.browser, state.server.url) : await openHarnessAsync(state.browser, state.server.url);
  };
  beforeAll(async () => {
    const missing = BUILT_FILES.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`${missing.join(' and ')} missing: build first with \`node esbuild.config.mjs\` (npm test does).`);
    state.server = await startHarnessServer({ port: 0, quiet: true, hostedUi: options.hostedUi ?? false });
    state.browser = await launchChromium();
    if (options.page === 'per-file') await open();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  if (options.page !== 'per-file') {
    beforeEach(open);
    afterEach(async () => {
      await state.page?.close();
    });
  }
  return state;
}
