import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma } from '../test/harness/fake-figma/index.js';
import { MENU_COMMANDS } from './commands.js';
import { createInstalledFakeFigma, postedToUi, runCommandAsync, sendAndAwaitAsync } from './testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

const pixels = { width: 2, height: 2, data: new Uint8Array(16).fill(200) };

describe('a task command with bad input', () => {
  it.each([
    ['nothing selected', 'remove', () => [], 'Select an image layer, then run Remove object again.'],
    [
      'a layer without an image fill',
      'insert',
      () => [fake.addRectangle({ name: 'Box', color: '#ff0000' })],
      '“Box” has no image fill. Select an image layer, then run Insert object again.',
    ],
    [
      'a hidden image fill only',
      'outpaint',
      () => {
        const layer = fake.addImageLayer({ name: 'Ghost', rgba: pixels });
        layer.fills = layer.fills.map((paint) => ({ ...paint, visible: false }));
        return [layer];
      },
      '“Ghost” has no image fill. Select an image layer, then run Outpaint to frame again.',
    ],
    [
      'a locked image layer',
      'shape',
      () => {
        const layer = fake.addImageLayer({ name: 'Pinned', rgba: pixels });
        layer.locked = true;
        return [layer];
      },
      '“Pinned” is locked. Unlock it, then run Fill shape again.',
    ],
    [
      'only a shape',
      'remove',
      () => [fake.addEllipse({ name: 'Blob', width: 20, height: 20, color: '#00ff00' })],
      '“Blob” has no image fill. Select an image layer, then run Remove object again.',
    ],
  ])('%s: says what to do, opens nothing and changes nothing', async (_, command, selectLayers, text) => {
    fake.addImageLayer({ name: 'Unselected photo', rgba: pixels });
    await fake.select(selectLayers());
    const before = fake.snapshot();

    await runCommandAsync(fake, command);

    expect(fake.notifications.map(({ message, error }) => ({ message, error }))).toEqual([{ message: text, error: true }]);
    expect(fake.pluginClosed).toBe(true);
    expect(fake.uiState.open).toBe(false);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('a problem longer than a toast', () => {
  it('opens the window, which shows all of it, and changes nothing', async () => {
    // plugin-api.d.ts, notify: "It is limited to 100 characters. Longer messages will be truncated." Before: the
    // toast lost "then run Remove object again." and the plugin closed.
    const text = '“Sliver” has no size to paint on. Select a layer at least 1 px wide and high, then run Remove object again.';
    expect(text.length).toBeGreaterThan(100);
    await fake.select([fake.addImageLayer({ name: 'Sliver', rgba: pixels, width: 0.5, height: 20 })]);
    const before = fake.snapshot();

    await runCommandAsync(fake, 'remove');
    expect(fake.uiState.open).toBe(true);
    const error = await sendAndAwaitAsync(fake, { type: 'ready' }, 'error');

    expect(error).toEqual({ type: 'error', message: text });
    expect(fake.notifications).toEqual([]);
    expect(postedToUi(fake).some((message) => message.type === 'job')).toBe(false);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('every menu command', () => {
  it.each(Object.entries(MENU_COMMANDS))('"%s" opens the themed window with its task preselected', async (command, task) => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pixels, width: 40, height: 30 });
    await fake.select([photo]);

    await runCommandAsync(fake, command);
    await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');

    expect(fake.uiState).toMatchObject({ open: true, themeColors: true });
    expect(postedToUi(fake)).toEqual([
      { type: 'preselect', task },
      { type: 'settings', settings: { schemaVersion: 2, task: 'remove', options: {}, output: 'layer', seedMode: 'new', model: { from: 'catalog' } } },
      {
        type: 'selection',
        sources: [{ id: photo.id, name: 'Photo', kind: 'image', width: 2, height: 2, maskLayers: [], maskRule: null, usedUpMaskLayers: [], outpaint: null }],
        skipped: [],
        problem: null,
      },
    ]);
    expect(fake.notifications).toEqual([]);
  });

  it('"open" with nothing selected opens the window, which asks for an image layer', async () => {
    await runCommandAsync(fake, 'open');
    const selection = await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    expect(selection).toEqual({ type: 'selection', sources: [], skipped: [], problem: 'Select an image layer.' });
  });

  it('tells the window when the selection changes', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pixels });
    await runCommandAsync(fake, 'open');
    await fake.select([photo]);
    await expect.poll(() => postedToUi(fake).at(-1)).toMatchObject({ type: 'selection', sources: [{ id: photo.id, name: 'Photo', width: 2, height: 2 }], problem: null });
  });
});

describe('window messages', () => {
  it('ignores an invalid message, logging why', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: pixels });
    await fake.select([photo]);
    await runCommandAsync(fake, 'remove');
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      fake.sendFromUi({ type: 'run', sourceIds: [photo.id], task: 'paint', options: {} });
      fake.sendFromUi({ type: 'resize', width: 'wide', height: 10 });
      // A valid message after them: once it is answered, the two before it were handled too.
      await sendAndAwaitAsync(fake, { type: 'ready' }, 'selection');
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([
      expect.stringContaining('"run" message: `task` must be one of'),
      expect.stringContaining('"resize" message: `width` and `height`'),
    ]);
    // Only the answer to "ready": nothing for the invalid messages.
    expect(postedToUi(fake).map((message) => message.type)).toEqual(['preselect', 'settings', 'selection']);
    expect(fake.uiState.width).toBe(320);
  });

  it('resizes the window within limits, notifies and closes on request', async () => {
    await runCommandAsync(fake, 'open');
    fake.sendFromUi({ type: 'resize', width: 10_000, height: 500 });
    expect([fake.uiState.width, fake.uiState.height]).toEqual([1200, 500]);
    // Folded to one line (the model stays loaded), but never narrower than the controls.
    fake.sendFromUi({ type: 'resize', width: 10, height: 48 });
    expect([fake.uiState.width, fake.uiState.height]).toEqual([240, 48]);
    fake.sendFromUi({ type: 'resize', width: 360, height: 1 });
    expect([fake.uiState.width, fake.uiState.height]).toEqual([360, 40]);
    fake.sendFromUi({ type: 'notify', message: 'Hello' });
    expect(fake.notifications.map((n) => n.message)).toEqual(['Hello']);
    fake.sendFromUi({ type: 'close' });
    expect(fake.pluginClosed).toBe(true);
  });
});
