/**
 * A run hides exactly the mask shapes it used, marks them, and a later look at the same layer names them
 * instead of just finding no mask (the plugin's side; test/browser/masks-used-up.test.ts has the window's).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma } from '../../test/harness/fake-figma/index.js';
import type { JobMessage } from '../protocol/messages.js';
import { validateUiToPluginMessage } from '../protocol/validate.js';
import { coordinateImage, invertedPng, solidPng } from '../testing/pixels.js';
import { awaitPostedAsync, createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

function resultFor(job: JobMessage) {
  return { type: 'result' as const, jobId: job.jobId, images: [{ png: invertedPng(job.image), x: 0, y: 0, width: job.canvas.width, height: job.canvas.height, seed: 7, variation: 0 }] };
}

async function sceneAsync() {
  const photo = fake.addImageLayer({ name: 'Photo', rgba: coordinateImage(16, 12), x: 0, y: 0, width: 64, height: 48 });
  const left = fake.addRectangle({ name: 'Mask left', x: 4, y: 4, width: 12, height: 12, color: '#ff0000' });
  const right = fake.addRectangle({ name: 'Mask right', x: 44, y: 4, width: 12, height: 12, color: '#ff0000' });
  fake.resetUndoHistory();
  await fake.select([photo]);
  await runCommandAsync(fake, 'remove');
  await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
  return { photo, left, right };
}

/** One run through to its placed result. */
async function runAndPlaceAsync(run: Parameters<typeof sendAndAwaitAsync>[1]): Promise<void> {
  const job = await sendAndAwaitAsync(fake, run, 'job');
  const mark = postedToUi(fake).length;
  await sendAndAwaitAsync(fake, resultFor(job), 'result-placed');
  await awaitPostedAsync(fake, 'batch-done', mark);
}

describe('mask shapes a run used', () => {
  it('with a painted mask, only the shapes the window says it still holds are hidden', async () => {
    const { photo, left, right } = await sceneAsync();
    const mask = { png: solidPng(16, 12, [255, 255, 255, 255]).slice(), width: 16, height: 12 };
    await runAndPlaceAsync({ type: 'run', sourceIds: [photo.id], task: 'remove', options: {}, mask, usedMaskLayerIds: [left.id] });
    // Before the fix both were hidden: the plugin hid every shape it had chosen.
    expect([left.visible, right.visible]).toEqual([false, true]);
  });

  it('a second run on the layer, its shapes used up, says which shapes and what to do', async () => {
    const { photo, left, right } = await sceneAsync();
    await runAndPlaceAsync({ type: 'run', sourceIds: [photo.id], task: 'remove', options: {} });
    expect([left.visible, right.visible]).toEqual([false, false]);

    await fake.select([photo]);
    const again = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(again.sources[0]).toMatchObject({ maskLayers: [], maskRule: null, usedUpMaskLayers: [{ id: left.id, name: 'Mask left' }, { id: right.id, name: 'Mask right' }] });

    const error = await sendAndAwaitAsync(fake, { type: 'run', sourceIds: [photo.id], task: 'remove', options: {} }, 'error');
    // Before the fix: "Nothing marks what to paint on “Photo”. Draw a shape over it…", no word of the shapes.
    expect(error.message).toBe(
      'Nothing marks what to paint on “Photo”: “Mask left” and “Mask right” were used by the last run and are hidden now. To paint the same area, show them in Figma to use them again; or draw a shape or paint a mask in the window, then run Remove object again.',
    );
  });

  it('a shape the designer hid is not named; one shown again is an ordinary mask shape', async () => {
    const { photo, left, right } = await sceneAsync();
    left.visible = false;
    right.visible = false;
    await fake.select([photo]);
    const hidden = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(hidden.sources[0]).toMatchObject({ maskLayers: [], usedUpMaskLayers: [] });

    right.visible = true;
    await runAndPlaceAsync({ type: 'run', sourceIds: [photo.id], task: 'remove', options: {} });
    await fake.select([photo]);
    const after = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(after.sources[0]).toMatchObject({ maskLayers: [], usedUpMaskLayers: [{ id: right.id, name: 'Mask right' }] });
    right.visible = true;
    await fake.select([photo]);
    const shown = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(shown.sources[0]).toMatchObject({ maskLayers: [{ id: right.id, name: 'Mask right' }], maskRule: 'named', usedUpMaskLayers: [] });
  });

  it('the window may name the shapes it used only with a painted mask', () => {
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'remove', options: {}, usedMaskLayerIds: ['1:3'] })).toEqual({
      ok: false,
      reason: '"run" message: `usedMaskLayerIds` comes only with a painted `mask`',
    });
    const mask = { png: new Uint8Array([137, 80, 78, 71]), width: 4, height: 4 };
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'remove', options: {}, mask, usedMaskLayerIds: [''] })).toMatchObject({ ok: false });
    expect(validateUiToPluginMessage({ type: 'run', sourceIds: ['1:2'], task: 'remove', options: {}, mask, usedMaskLayerIds: [] })).toMatchObject({ ok: true });
  });
});

describe('mask shapes edited in Figma while the window is open', () => {
  it('a shape hidden or shown by hand sends the selection again (Figma sends no selectionchange for it)', async () => {
    const { photo, left, right } = await sceneAsync();
    let mark = postedToUi(fake).length;
    right.visible = false;
    // Before: no message came, and the window went on naming “Mask right”.
    const hidden = await awaitPostedAsync(fake, 'selection', mark);
    expect(hidden.sources[0]).toMatchObject({ id: photo.id, maskLayers: [{ id: left.id, name: 'Mask left' }], usedUpMaskLayers: [] });
    mark = postedToUi(fake).length;
    right.visible = true;
    const shown = await awaitPostedAsync(fake, 'selection', mark);
    expect(shown.sources[0]?.maskLayers.map((layer) => layer.name)).toEqual(['Mask left', 'Mask right']);
  });

});
