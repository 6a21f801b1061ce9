/**
 * "PowerPaint v1" picked in the Model panel's catalog, as a designer would, with the harness's Hub stand-in
 * playing Hugging Face (the catalog's repo id serves test/fixtures/hub-repos/tiny-pp/powerpaint-v1, a
 * diffusers repo saved with save_pretrained): listed, downloaded from the storage host after the Hub's
 * redirect, verified, built into graphs in the window and run for every task, each result placed in the
 * document. The window is Figma's: a sandboxed null-origin iframe, so it has no storage, and the test
 * measures what that costs: a new window downloads the weights again (hosted-ui.test.ts measures the
 * hosted window, which does not).
 */
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot } from '../harness/fake-figma/index.js';
import { insertAsync, loadHubCatalogModelAsync, openPluginWithAsync, runToResultsAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'sample', page: 'per-file' });

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

const openWithAsync = (command: string, names: string[]) => openPluginWithAsync(harness.page, command, names);

/** Bytes the storage host (LFS files: weights, a large vocabulary) sent since log entry `since`, by file. */
function storageDownloads(since: number): Record<string, number> {
  const sent: Record<string, number> = {};
  for (const r of harness.server.hub.log.slice(since)) if (r.host === 'storage') sent[r.path] = (sent[r.path] ?? 0) + r.bytesSent;
  return sent;
}

/** Paints a stroke across the middle of the source (an inserted run hides the Figma shape it used). */
async function paintAsync(ui: Frame): Promise<void> {
  const box = (await ui.locator('[data-testid="brush-canvas"]').boundingBox())!;
  await harness.page.mouse.move(box.x + 0.3 * box.width, box.y + 0.4 * box.height);
  await harness.page.mouse.down();
  await harness.page.mouse.move(box.x + 0.6 * box.width, box.y + 0.5 * box.height, { steps: 8 });
  await harness.page.mouse.up();
}

async function runAndInsertAsync(ui: Frame): Promise<void> {
  await ui.click('[data-testid="preset-fast"]');
  const before = await snapshotAsync();
  await runToResultsAsync(ui);
  await insertAsync(ui);
  expect((await snapshotAsync()).nodes.length).toBe(before.nodes.length + 1);
}

describe('PowerPaint v1 from the catalog (Hugging Face, served by the stand-in)', () => {
  it('downloads, verifies and runs every task; a new null-origin window downloads it again', async () => {
    const firstLog = harness.server.hub.log.length;
    let ui = await openWithAsync('shape', ['Chelsea', 'Mask ellipse']);
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/^PowerPaint v1 on wasm/);
    const status = (await ui.locator('[data-testid="model-status"]').textContent()) ?? '';
    expect(status).toMatch(/every file matched its sha256/);
    expect(status).toMatch(/not cached/);
    const first = storageDownloads(firstLog);
    const weights = Object.keys(first).filter((path) => path.endsWith('.safetensors'));
    expect(weights.sort()).toEqual(['text_encoder/model.fp16.safetensors', 'unet/diffusion_pytorch_model.fp16.safetensors', 'vae/diffusion_pytorch_model.fp16.safetensors']);

    // Every task, from the window to a placed layer: the ellipse is the shape, then the area to remove.
    await ui.fill('[data-testid="prompt"]', 'a ceramic vase');
    await runAndInsertAsync(ui);
    await ui.check('[data-testid="task-remove"]');
    await paintAsync(ui);
    await runAndInsertAsync(ui);
    await ui.check('[data-testid="task-object"]');
    await ui.fill('[data-testid="prompt"]', 'a red kite');
    await paintAsync(ui);
    await runAndInsertAsync(ui);
    await ui.check('[data-testid="task-outpaint"]');
    await ui.locator('[data-testid="outpaint-size"]').waitFor();
    await runAndInsertAsync(ui);

    // A repo that cannot load (a text-to-image model, refused from its configs) leaves PowerPaint v1 loaded.
    await ui.locator('[data-testid="model-panel"] summary').click();
    await ui.selectOption('[data-testid="model-catalog"]', 'hub-repo');
    await ui.fill('[data-testid="model-hub-repo"]', 'tiny-sd/text-to-image');
    await ui.click('[data-testid="model-load"]');
    await ui.locator('[data-testid="model-status"][data-state="error"]').waitFor();
    expect(await ui.locator('[data-testid="model-status"]').innerText()).toMatch(/text-to-image model[\s\S]*PowerPaint v1 is still loaded/);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/^PowerPaint v1 on wasm/);
    await ui.locator('[data-testid="model-panel"] summary').click();

    // Folded between runs, the window keeps the model: expanded again, it runs with nothing downloaded.
    const frameHeight = () => harness.page.evaluate(() => window.harness.uiFrame()!.getBoundingClientRect().height);
    await ui.click('[data-testid="minimize"]');
    await expect.poll(frameHeight).toBeLessThan(60);
    expect(await ui.locator('[data-testid="minimized"]').textContent()).toMatch(/PowerPaint v1 on wasm.*stays loaded/);
    await ui.click('[data-testid="expand"]');
    await expect.poll(frameHeight).toBeGreaterThan(600);
    const foldedLog = harness.server.hub.log.length;
    await ui.check('[data-testid="task-remove"]');
    await paintAsync(ui);
    await runAndInsertAsync(ui);
    expect(harness.server.hub.log.length).toBe(foldedLog);

    // Figma's window has no storage: closing it loses the model, and the next window fetches it again.
    await harness.page.evaluate(() => window.harness.api.closePlugin());
    const secondLog = harness.server.hub.log.length;
    ui = await openWithAsync('remove', ['Chelsea']);
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
    await paintAsync(ui);
    const second = storageDownloads(secondLog);
    expect(second).toEqual(first);
    console.log(`null-origin window: each open downloads ${Object.values(second).reduce((a, b) => a + b, 0)} bytes from the storage host (${JSON.stringify(second)})`);
    await runAndInsertAsync(ui);
  });
});
