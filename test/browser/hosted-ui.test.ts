/**
 * The hosted-UI mode in the harness (README "Hosted UI", issue #9: each cache route works). The harness
 * server builds the plugin with POWERPAINT_UI_URL = its own http://localhost:<second port>/hosted/ (the
 * build's loopback dev escape hatch); the plugin shows the redirect stub, and the window navigates to the
 * full UI at that origin — another origin than the harness page's, as a hosted UI is not Figma's (same
 * site, see serve.mjs). There the window has storage: a model loaded once comes from the cache in the next
 * window.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSnapshot } from '../harness/fake-figma/index.js';
import { insertAsync, loadHubCatalogModelAsync, loadTinyModelAsync, openPluginWithAsync, runToResultsAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const MANIFEST_ID = (JSON.parse(readFileSync('manifest.json', 'utf8')) as { id: string }).id;

const harness = useHarness({ scene: 'sample', page: 'per-file', hostedUi: true });
/** Every URL the page and its frames (the plugin window included) requested, in order. */
const requests: string[] = [];

beforeAll(async () => {
  harness.page.on('request', (request) => requests.push(request.url()));
  // What the plugin window posts to the plugin, with the origin and pluginId the relay sees.
  await harness.page.evaluate(() => {
    const w = window as unknown as { uiPosts: { origin: string; pluginId: unknown; type: string }[] };
    w.uiPosts = [];
    window.addEventListener('message', (event) => {
      if (event.source !== window.harness.uiFrame()?.contentWindow) return;
      const data = event.data as { pluginMessage: { type: string }; pluginId?: unknown };
      w.uiPosts.push({ origin: event.origin, pluginId: data.pluginId, type: data.pluginMessage.type });
    });
  });
});

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

const openWithAsync = (command: string, names: string[]) => openPluginWithAsync(harness.page, command, names);

/** Requests for the tiny bundle's model files (not its powerpaint.json, which is read every load). */
function modelFileRequests(since: number): string[] {
  return requests.slice(since).filter((url) => new URL(url).pathname.includes('/tiny-bundle/') && !url.endsWith('/powerpaint.json'));
}

async function modelCacheTextAsync(ui: Frame): Promise<string> {
  return (await ui.locator('[data-testid="model-status"]').textContent()) ?? '';
}

describe('the hosted plugin window', () => {
  it('runs at its own origin, caches the model in browser storage, and loads it from there in the next window', async () => {
    const hostedOrigin = new URL(harness.server.hostedUiUrl!).origin;
    expect(hostedOrigin).not.toBe(new URL(harness.server.url).origin);

    // First window: navigated from the null-origin stub to the hosted UI.
    let ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    expect(await ui.evaluate(() => origin)).toBe(hostedOrigin);
    expect(await ui.evaluate(() => isSecureContext)).toBe(true);
    expect(ui.url()).toBe(`${harness.server.hostedUiUrl}index.html`);

    // Storage works: the panel names a browser cache, not the null-origin advice.
    await ui.locator('[data-testid="model-panel"] summary').click();
    await expect.poll(() => modelCacheTextAsync(ui)).toMatch(/^Storage: (origin private file system \(OPFS\)|Cache Storage|IndexedDB)$/);
    const storage = (await modelCacheTextAsync(ui)).replace('Storage: ', '');
    await ui.locator('[data-testid="model-panel"] summary').click();

    const firstLoad = requests.length;
    await loadTinyModelAsync(ui);
    expect(modelFileRequests(firstLoad).length).toBeGreaterThan(0);
    expect(await modelCacheTextAsync(ui)).toContain(`Cache: downloaded and cached in ${storage}`);

    // Messages work both ways after the navigation: run (window -> plugin), results (plugin -> window), insert.
    await ui.click('[data-testid="preset-fast"]');
    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    const after = await snapshotAsync();
    expect(after.nodes.length).toBe(before.nodes.length + 1);
    const posts = await harness.page.evaluate(() => (window as unknown as { uiPosts: { origin: string; pluginId: unknown; type: string }[] }).uiPosts);
    expect(posts.map((p) => p.type)).toEqual(expect.arrayContaining(['ready', 'run']));
    for (const post of posts) expect(post).toMatchObject({ origin: hostedOrigin, pluginId: MANIFEST_ID });

    // Close the plugin; a fresh run is a fresh window, which finds the model in the cache.
    await harness.page.evaluate(() => window.harness.api.closePlugin());
    expect(await harness.page.evaluate(() => window.harness.uiFrame())).toBeNull();
    ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    expect(await ui.evaluate(() => origin)).toBe(hostedOrigin);
    const secondLoad = requests.length;
    await loadTinyModelAsync(ui);
    expect(modelFileRequests(secondLoad)).toEqual([]);
    expect(requests.slice(secondLoad).some((url) => url.endsWith('/tiny-bundle/powerpaint.json'))).toBe(true);
    expect(await modelCacheTextAsync(ui)).toContain(`Cache: cached in ${storage}; nothing was downloaded`);

    // And the cached model still runs and inserts.
    await ui.click('[data-testid="preset-fast"]');
    const beforeSecond = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    expect((await snapshotAsync()).nodes.length).toBe(beforeSecond.nodes.length + 1);
  });

  it('downloads PowerPaint v1 from Hugging Face once: the next window asks the Hub for the listing only', async () => {
    const storageBytes = (since: number) => harness.server.hub.log.slice(since).filter((r) => r.host === 'storage').reduce((sum, r) => sum + r.bytesSent, 0);
    let ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    const firstLog = harness.server.hub.log.length;
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
    const first = storageBytes(firstLog);
    expect(first).toBeGreaterThan(500_000);

    await harness.page.evaluate(() => window.harness.api.closePlugin());
    ui = await openWithAsync('remove', ['Chelsea', 'Mask ellipse']);
    const secondLog = harness.server.hub.log.length;
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
    expect(storageBytes(secondLog)).toBe(0);
    expect(harness.server.hub.log.slice(secondLog).every((r) => r.kind === 'revision' || r.kind === 'tree' || r.kind === 'preflight')).toBe(true);
    expect(await modelCacheTextAsync(ui)).toMatch(/nothing was downloaded/);
    console.log(`hosted window: the first open downloaded ${first} bytes from the storage host, the second 0`);
    await ui.click('[data-testid="preset-fast"]');
    const before = await snapshotAsync();
    await runToResultsAsync(ui);
    await insertAsync(ui);
    expect((await snapshotAsync()).nodes.length).toBe(before.nodes.length + 1);
  });
});
