/**
 * Sharper previews in the plugin window: PowerPaint v1 picked in the catalog, the Model panel offers TAESD
 * (the harness's Hub stand-in serves a tiny random AutoencoderTiny as madebyollin/taesd; test/harness/serve.mjs);
 * a failed download leaves the quick previews and says so; loaded, it is added to the running model without
 * reloading it, and the next run's preview is TAESD's decode.
 */
import { describe, expect, it } from 'vitest';
import { TAESD_REPO } from '../../models/preview/taesd-source.js';
import { loadHubCatalogModelAsync, openPluginWithAsync, previewSeenAsync, runToResultsAsync, sourceCanvasAsync, watchPreviewAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'sample' });

const TAESD_REQUESTS = `**/*${TAESD_REPO}*/**`;

describe('TAESD previews (PowerPaint v1 from the catalog)', () => {
  it('offers TAESD, survives a failed download, adds it without reloading the model, and previews through it', async () => {
    const { page } = harness;
    const ui = await openPluginWithAsync(page, 'remove', ['Chelsea', 'Mask ellipse']);
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
    await ui.locator('[data-testid="model-panel"] summary').click();
    const previews = ui.locator('[data-testid="model-previews"]');
    expect(await previews.getAttribute('data-state')).toBe('offered');

    // The Hub refuses it: the model stays loaded, the previews stay the quick map, and the panel says so.
    await page.route(TAESD_REQUESTS, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"Repository not found"}' }));
    await ui.click('[data-testid="load-taesd"]');
    await ui.locator('[data-testid="model-status"][data-state="error"]').waitFor();
    expect(await ui.locator('[data-testid="model-status"]').innerText()).toMatch(/TAESD \(madebyollin\/taesd\) could not be loaded[\s\S]*PowerPaint v1 is still loaded; previews stay the quick colour map/);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/^PowerPaint v1 on wasm/);
    await page.unroute(TAESD_REQUESTS);

    // The error keeps the model: a run still works, previewed by the quick map.
    await watchPreviewAsync(ui);
    await runToResultsAsync(ui);
    expect((await previewSeenAsync(ui)).first!.decoder).toBe('linear');
    await ui.click('[data-testid="discard"]');

    // Loaded from the Hub (config and weights only), added to the model that is running: nothing else is fetched.
    const before = harness.server.hub.log.length;
    await ui.click('[data-testid="load-taesd"]');
    await ui.locator('[data-testid="model-status"][data-state="ready"], [data-testid="model-status"][data-state="error"]').waitFor();
    const status = await ui.locator('[data-testid="model-status"]').innerText();
    expect(await ui.locator('[data-testid="model-status"]').getAttribute('data-state'), status).toBe('ready');
    expect(await previews.getAttribute('data-state')).toBe('taesd');
    expect(await previews.textContent()).toMatch(/^Previews while painting: TAESD \(hf:madebyollin\/taesd@[0-9a-f]{7}\)/);
    const fetched = harness.server.hub.log.slice(before).filter((r) => r.bytesSent > 0 && (r.host === 'storage' || r.kind === 'resolve')).map((r) => r.path);
    expect(new Set(fetched)).toEqual(new Set(['config.json', 'diffusion_pytorch_model.safetensors']));

    // The next run previews through TAESD (the engine test checks it is TAESD's decode of the step's estimate).
    await watchPreviewAsync(ui);
    await runToResultsAsync(ui);
    const seen = await previewSeenAsync(ui);
    expect(seen.previewAt!).toBeLessThan(seen.resultsAt!);
    expect(seen.first!.decoder).toBe('taesd');
    const source = await sourceCanvasAsync(ui);
    expect([seen.first!.width, seen.first!.height]).toEqual([source.width, source.height]);
    let changed = 0;
    for (let i = 0; i < source.pixels.length; i += 4) if (seen.first!.pixels[i] !== source.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(100);
  });
});
