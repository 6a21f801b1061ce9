/**
 * Fast with LCM-LoRA in the plugin window: PowerPaint v1 picked in the catalog (the harness's Hub stand-in serves
 * the tiny repo under its id, and a LoRA for that tiny UNet, in LCM-LoRA's kohya layout, under
 * latent-consistency/lcm-lora-sdv1-5; test/harness/serve.mjs HARNESS_HUB_REPOS). Choosing Fast offers LCM-LoRA;
 * a failed download leaves the model as it was and says what to do; loading it fuses it, the panel says so, and
 * a run goes out with the LCM scheduler, 4 steps, guidance 1, and the window shows the result forming (a live
 * preview of the window being denoised, pasted into the source) before the result.
 */
import { describe, expect, it } from 'vitest';
import { LCM_LORA } from '../../models/engine/speed-presets.js';
import { loadHubCatalogModelAsync, openPluginWithAsync, previewSeenAsync, recordedRunsAsync, recordUiPostsAsync, runToResultsAsync, sourceCanvasAsync, watchPreviewAsync } from './support/harness-page.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'sample' });

/** Requests for the LoRA repo, at the Hub's API or its files. */
const LORA_REQUESTS = `**/*${LCM_LORA.repo}*/**`;

describe('Fast with LCM-LoRA (PowerPaint v1 from the catalog)', () => {
  it('offers LCM-LoRA, survives a failed download, fuses it, and runs Fast as LCM: 4 steps, guidance 1, previewing the result as it forms', async () => {
    const { page } = harness;
    await recordUiPostsAsync(page);
    const ui = await openPluginWithAsync(page, 'remove', ['Chelsea', 'Mask ellipse']);
    await loadHubCatalogModelAsync(ui, 'powerpaint-v1');

    // Without the LoRA, Fast is fewer DDIM steps, and the window says what LCM-LoRA would do.
    await ui.click('[data-testid="preset-fast"]');
    const note = ui.locator('[data-testid="lcm-lora-note"]');
    expect(await note.getAttribute('data-state')).toBe('offered');
    // Figma's window is a null-origin iframe without storage: restarting the model downloads it again.
    expect(await note.textContent()).toMatch(/LCM-LoRA would make Fast faster.*the model is downloaded again to fuse it/);
    expect(await ui.locator('[data-testid="scheduler"]').inputValue()).toBe('ddim');

    // The Hub refuses the LoRA: the model stays loaded and usable, and the panel says what to do.
    await page.route(LORA_REQUESTS, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"Repository not found"}' }));
    await ui.click('[data-testid="load-lcm-lora"]');
    await ui.locator('[data-testid="model-status"][data-state="error"]').waitFor();
    const error = await ui.locator('[data-testid="model-status"]').innerText();
    expect(error).toMatch(/LCM-LoRA \(latent-consistency\/lcm-lora-sdv1-5\) could not be loaded/);
    expect(error).toMatch(/PowerPaint v1 is still loaded, without it: Fast runs fewer DDIM steps\. Try Load LCM-LoRA again/);
    expect(await ui.locator('[data-testid="engine-name"]').textContent()).toMatch(/^PowerPaint v1 on wasm/);
    expect(await note.getAttribute('data-state')).toBe('offered');
    await page.unroute(LORA_REQUESTS);

    // Loaded: downloaded from the storage host, fused, and the panel says what is loaded. The panel is watched on
    // the way: once the model was released for the fuse, Cancel is not offered (it would leave no model).
    await ui.evaluate(() => {
      const seen: { step: string; cancel: boolean }[] = [];
      (globalThis as unknown as { panelSeen: typeof seen }).panelSeen = seen;
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="model-status"][data-state="loading"]');
        if (status) seen.push({ step: status.textContent ?? '', cancel: status.querySelector('[data-testid="model-cancel"]') !== null });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const before = harness.server.hub.log.length;
    await ui.click('[data-testid="load-lcm-lora"]');
    await ui.locator('[data-testid="model-status"][data-state="ready"], [data-testid="model-status"][data-state="error"]').waitFor();
    const status = await ui.locator('[data-testid="model-status"]').innerText();
    expect(await ui.locator('[data-testid="model-status"]').getAttribute('data-state'), status).toBe('ready');
    expect(await ui.locator('[data-testid="model-lora"]').textContent()).toMatch(
      /^LCM-LoRA fused: hf:latent-consistency\/lcm-lora-sdv1-5@[0-9a-f]{7}\/pytorch_lora_weights\.safetensors, scale 1, 79 UNet tensors \(kohya layout, .+\), fused in /,
    );
    expect(await ui.locator('[data-testid="engine-lora"]').textContent()).toBe(' + LCM-LoRA');
    const fetched = harness.server.hub.log.slice(before).filter((r) => r.host === 'storage' && r.bytesSent > 0).map((r) => r.path);
    expect(fetched).toContain('pytorch_lora_weights.safetensors');
    const panel = await ui.evaluate(() => (globalThis as unknown as { panelSeen: { step: string; cancel: boolean }[] }).panelSeen);
    expect(panel.some((s) => /Listing latent-consistency/.test(s.step) && s.cancel), JSON.stringify(panel)).toBe(true);
    const fusing = panel.filter((s) => /LCM-LoRA fused into its UNet/.test(s.step));
    expect(fusing.length, JSON.stringify(panel)).toBeGreaterThan(0);
    expect(fusing.filter((s) => s.cancel)).toEqual([]);

    // Fast now means LCM sampling; a run goes out with it and produces results.
    expect(await note.getAttribute('data-state')).toBe('fused');
    expect(await ui.locator('[data-testid="preset-fast"]').getAttribute('aria-checked')).toBe('true');
    expect(await ui.locator('[data-testid="scheduler"]').inputValue()).toBe('lcm');
    await watchPreviewAsync(ui);
    await runToResultsAsync(ui);
    expect((await recordedRunsAsync(page)).at(-1)?.options).toMatchObject({ scheduler: 'lcm', steps: 4, guidance: 1 });

    // A preview showed before the result: the source-sized picture with the denoised window pasted in.
    const seen = await previewSeenAsync(ui);
    expect(seen.previewAt!).toBeLessThan(seen.resultsAt!);
    expect(seen.first!.decoder).toBe('linear');
    const source = await sourceCanvasAsync(ui);
    const first = seen.first!;
    expect(['1', '2', '3']).toContain(first.step);
    expect([first.width, first.height]).toEqual([source.width, source.height]);
    let changed = 0;
    for (let i = 0; i < first.pixels.length; i += 4) if (first.pixels[i] !== source.pixels[i] || first.pixels[i + 1] !== source.pixels[i + 1]) changed++;
    // Only the window around the mask ellipse changes, and the preview does change it.
    expect(changed).toBeGreaterThan(100);
    expect(changed).toBeLessThan(first.pixels.length / 4 / 2);

    // Balanced keeps its meaning with the LoRA fused.
    await ui.click('[data-testid="discard"]');
    await ui.click('[data-testid="preset-balanced"]');
    expect(await ui.locator('[data-testid="scheduler"]').inputValue()).toBe('ddim');
    expect(await ui.locator('[data-testid="steps"]').inputValue()).toBe('30');
  });
});
