/**
 * A result belongs to the layer it was made from (the built plugin in the harness, instant remove): when the
 * selection moves during or after a run, or the source is deleted, the window never shows the result against
 * another layer's picture, says where the result is, and inserts it only over its own layer.
 */
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot, NodeSnapshot } from '../harness/fake-figma/index.js';
import { insertAsync, pluginUiFrameAsync, runToResultsAsync } from './support/harness-page.js';
import { addTwoPhotosAsync } from './support/two-photos-scene.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'empty' });

/** The two photos' canvases, as the compare view's canvases give them (CSS aspect-ratio "w / h"). */
const PHOTO = '48 / 32';
const OTHER = '40 / 40';

/** "Photo" (48×32 px) and "Other photo" (40×40 px, other colours), each with a shape named "mask" over it. */
function buildSceneAsync(): Promise<{ photoId: string; otherId: string }> {
  return addTwoPhotosAsync(
    harness.page,
    { pixels: { width: 48, height: 32 }, frame: { x: 40, y: 40, width: 192, height: 128 }, mask: { x: 100, y: 80, width: 40, height: 30 } },
    { pixels: { width: 40, height: 40 }, frame: { x: 320, y: 40, width: 120, height: 120 }, mask: { x: 350, y: 70, width: 30, height: 30 } },
  );
}

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

async function selectAsync(ids: string[]): Promise<void> {
  await harness.page.evaluate((list) => window.harness.select(list), ids);
}

/** Remove object opened on `id`, its editor showing it. */
async function openRemoveOnAsync(id: string): Promise<Frame> {
  await selectAsync([id]);
  await harness.page.evaluate(() => window.harness.runCommand('remove'));
  const ui = await pluginUiFrameAsync(harness.page);
  await ui.locator('[data-testid="brush-canvas"]').waitFor();
  return ui;
}

/** Waits until the editor shows the layer with this canvas (the window asked the plugin for its pixels). */
async function editorShowsAsync(ui: Frame, aspect: string): Promise<void> {
  await expect.poll(() => ui.locator('[data-testid="brush-canvas"]').evaluate((canvas: HTMLElement) => canvas.style.aspectRatio).catch(() => null)).toBe(aspect);
}

/**
 * Records every state of the compare view, from now on: its before and after canvases (their CSS aspect
 * ratios, set as each renders) and the source line beside it. `compares()` reads them back.
 */
async function recordComparesAsync(ui: Frame): Promise<() => Promise<{ before: string; after: string; source: string }[]>> {
  await ui.evaluate(() => {
    const seen: { before: string; after: string; source: string }[] = [];
    const look = () => {
      const compare = document.querySelector('[data-testid="compare"]');
      if (compare === null) return;
      const aspect = (label: string) => (compare.querySelector(`canvas[aria-label="${label}"]`) as HTMLElement | null)?.style.aspectRatio ?? '';
      seen.push({ before: aspect('Before'), after: aspect('After'), source: document.querySelector('[data-testid="source"]')?.textContent ?? '' });
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { compares: typeof seen }).compares = seen;
  });
  return () => ui.evaluate(() => (window as unknown as { compares: { before: string; after: string; source: string }[] }).compares);
}

async function statusAsync(ui: Frame): Promise<{ state: string | null; text: string }> {
  const status = ui.locator('[data-testid="status"]');
  return { state: await status.getAttribute('data-state'), text: (await status.textContent()) ?? '' };
}

function addedLayers(before: DocumentSnapshot, after: DocumentSnapshot): NodeSnapshot[] {
  return after.nodes.filter((node) => !before.nodes.some((old) => old.id === node.id));
}

function expectOver(layer: NodeSnapshot | undefined, sourceId: string, after: DocumentSnapshot): void {
  const source = after.nodes.find((node) => node.id === sourceId)!;
  expect(layer).toMatchObject({ parentId: source.parentId, index: source.index + 1, relativeTransform: source.relativeTransform });
  expect(layer?.name).toMatch(/^Remove · seed \d+$/);
}

/** As soon as the plugin hands the window its job: select another layer, or delete a layer. */
function whenTheJobStartsAsync(what: 'select' | 'delete', id: string): Promise<void> {
  return harness.page.evaluate(
    ([action, nodeId]) => {
      const stop = window.harness.controls.onPostToUi((message) => {
        if ((message as { type?: string }).type !== 'job') return;
        stop();
        if (action === 'select') void window.harness.select([nodeId]);
        else setTimeout(() => window.harness.controls.node(nodeId).remove(), 0);
      });
    },
    [what, id] as const,
  );
}

describe('results stay with their source', () => {
  it('selecting another layer after a run never pairs the result with it; selecting its layer again brings it back to insert there', async () => {
    const { photoId, otherId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    await runToResultsAsync(ui);
    const compares = await recordComparesAsync(ui);

    await selectAsync([otherId]);
    await editorShowsAsync(ui, OTHER);
    // Before the fix the compare view showed the photo's result against "Other photo": before 40 / 40.
    expect((await compares()).filter((seen) => seen.before !== PHOTO || seen.after !== PHOTO)).toEqual([]);
    expect(await ui.locator('[data-testid="results"]').count()).toBe(0);
    await expect.poll(async () => (await statusAsync(ui)).text).toBe(
      'The result for “Photo” is kept until the next run: select “Photo” again to insert it. It is not shown with “Other photo”.',
    );
    expect(await ui.locator('[data-testid="run"]').isEnabled()).toBe(true);

    await selectAsync([photoId]);
    await editorShowsAsync(ui, PHOTO);
    await ui.locator('[data-testid="results"]').waitFor();
    const before = await snapshotAsync();
    await insertAsync(ui);
    const after = await snapshotAsync();
    const added = addedLayers(before, after);
    expect(added).toHaveLength(1);
    expectOver(added[0], photoId, after);
    expect((await compares()).every((seen) => seen.before === PHOTO && seen.after === PHOTO)).toBe(true);
    expect((await compares()).length).toBeGreaterThan(0);
  });

  it('selecting another layer during a run: the finished result is kept for its own layer, not shown with the one selected', async () => {
    const { photoId, otherId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    const compares = await recordComparesAsync(ui);
    // The selection moves as soon as the plugin hands the window the job.
    await whenTheJobStartsAsync('select', otherId);

    await ui.click('[data-testid="run"]:not([disabled])');
    await editorShowsAsync(ui, OTHER);
    // The run is over, its result made: shown ("results", before the fix) or kept ("done").
    await expect.poll(async () => (await statusAsync(ui)).state).toMatch(/^(results|done)$/);
    // Before the fix: the finished result was shown against "Other photo" (before 40 / 40).
    expect((await compares()).filter((seen) => seen.before !== PHOTO || seen.after !== PHOTO)).toEqual([]);
    expect(await ui.locator('[data-testid="results"]').count()).toBe(0);
    await expect.poll(async () => (await statusAsync(ui)).text).toMatch(/^The result for “Photo” is kept until the next run/);
  });

  it('running on the other layer discards the kept result and runs there; its result is paired with it and placed over it', async () => {
    const { photoId, otherId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    await runToResultsAsync(ui);
    await selectAsync([otherId]);
    await editorShowsAsync(ui, OTHER);
    const compares = await recordComparesAsync(ui);

    const before = await snapshotAsync();
    // Before the fix there was no Run button here (the photo's result strip stood in its place).
    expect(await ui.locator('[data-testid="run"]').count()).toBe(1);
    await runToResultsAsync(ui);
    expect(await ui.locator('[data-testid="compare"] canvas[aria-label="Before"]').evaluate((canvas: HTMLElement) => canvas.style.aspectRatio)).toBe(OTHER);
    await insertAsync(ui);
    const after = await snapshotAsync();

    const added = addedLayers(before, after);
    expect(added).toHaveLength(1);
    expectOver(added[0], otherId, after);
    expect((await compares()).filter((seen) => seen.before !== OTHER || seen.after !== OTHER)).toEqual([]);
  });

  it('the source deleted while its job runs: the window says so, never shows the result with another layer, and Undo brings both back', async () => {
    const { photoId, otherId } = await buildSceneAsync();
    const ui = await openRemoveOnAsync(photoId);
    const compares = await recordComparesAsync(ui);
    // Deleted as soon as the plugin hands the window the job, as a designer (or a collaborator) might.
    await whenTheJobStartsAsync('delete', photoId);

    await ui.click('[data-testid="run"]:not([disabled])');
    // Before the fix the result vanished without a word: status empty, data-state "results", nothing shown.
    await expect.poll(async () => (await statusAsync(ui)).text).toBe(
      '“Photo” is no longer selected. Its result is kept until the next run: select “Photo” again to insert it (if you deleted it, Undo brings it back).',
    );
    expect((await snapshotAsync()).nodes.some((node) => node.id === photoId)).toBe(false);
    expect(await ui.locator('[data-testid="results"]').count()).toBe(0);

    await selectAsync([otherId]);
    await editorShowsAsync(ui, OTHER);
    // Before the fix: the deleted photo's result reappeared here, against "Other photo" (before 40 / 40).
    expect((await compares()).filter((seen) => seen.before !== PHOTO || seen.after !== PHOTO)).toEqual([]);
    expect(await ui.locator('[data-testid="results"]').count()).toBe(0);
    await expect.poll(async () => (await statusAsync(ui)).text).toMatch(/^The result for “Photo” is kept .* It is not shown with “Other photo”\.$/);

    expect(await harness.page.evaluate(() => window.harness.undo())).toBe(true);
    await selectAsync([photoId]);
    await editorShowsAsync(ui, PHOTO);
    await ui.locator('[data-testid="results"]').waitFor();
    const before = await snapshotAsync();
    await insertAsync(ui);
    const after = await snapshotAsync();
    expectOver(addedLayers(before, after)[0], photoId, after);
    expect((await compares()).filter((seen) => seen.before !== PHOTO || seen.after !== PHOTO)).toEqual([]);
  });
});

describe('patches over shaped layers', () => {
  it('asked for patches over an ellipse photo, inserts a whole ellipse over it and says why', async () => {
    // Before: the window sent the changed area, and it became a square patch over the ellipse's edge.
    const ovalId = await harness.page.evaluate(() => {
      const c = window.harness.controls;
      const data = new Uint8Array(48 * 32 * 4);
      for (let i = 0; i < 48 * 32; i++) data.set([(i * 5) % 256, (i * 7) % 256, 90, 255], i * 4);
      const photo = c.addImageLayer({ name: 'Photo', rgba: { width: 48, height: 32, data }, x: 40, y: 40, width: 192, height: 128 });
      const oval = c.addEllipse({ name: 'Oval photo', x: 40, y: 40, width: 192, height: 128, fills: [...photo.fills] });
      photo.remove();
      c.addRectangle({ name: 'Mask over oval', x: 100, y: 80, width: 40, height: 30, color: '#ff0000' });
      c.resetUndoHistory();
      return oval.id;
    });
    const ui = await openRemoveOnAsync(ovalId);
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.click('[data-testid="output-patch"]');
    await runToResultsAsync(ui);
    const before = await snapshotAsync();
    await insertAsync(ui);

    const [layer, ...more] = addedLayers(before, await snapshotAsync());
    expect(more).toEqual([]);
    expect(layer).toMatchObject({ type: 'ELLIPSE', width: 192, height: 128 });
    expect(layer?.name).toMatch(/^Remove · seed \d+$/);
    expect((await statusAsync(ui)).text).toContain(
      '“Oval photo” is an ellipse: a rectangular patch would show image outside its outline, so its results are placed as whole layers in its shape.',
    );
  });
});
