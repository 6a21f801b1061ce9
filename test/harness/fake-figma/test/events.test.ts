import { describe, expect, it, vi } from 'vitest';
import { createFakeFigma, settle } from '../index.js';

describe('fake figma: selection, events, notify, UI bridge', () => {
  it('fires selectionchange once per change, after the setter (async like Figma)', async () => {
    const fake = createFakeFigma();
    const a = fake.addRectangle({ name: 'A' });
    const b = fake.addRectangle({ name: 'B' });
    const seen: string[][] = [];
    fake.api.on('selectionchange', () => seen.push(fake.api.currentPage.selection.map((n) => n.name)));
    fake.api.currentPage.selection = [a];
    fake.api.currentPage.selection = [a, b];
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual([['A', 'B']]);
    await fake.select([b.id]);
    expect(seen.at(-1)).toEqual(['B']);
    await fake.select([b]); // unchanged: no event
    expect(seen).toHaveLength(2);
  });

  it('fires the page\'s nodechange once after a burst of changes, and no more after off', async () => {
    // "nodechange: triggered when a node on this page changes" (plugin-api.d.ts, PageNode.on).
    const fake = createFakeFigma();
    const shape = fake.addRectangle({ name: 'Mask', width: 10, height: 10 });
    await settle();
    const events: NodeChangeEvent[] = [];
    const listener = (event: NodeChangeEvent) => events.push(event);
    fake.api.currentPage.on('nodechange', listener);
    shape.visible = false;
    shape.x = 20;
    expect(events).toEqual([]);
    await settle();
    expect(events).toHaveLength(1);
    fake.api.currentPage.off('nodechange', listener);
    shape.visible = true;
    await settle();
    expect(events).toHaveLength(1);
  });

  it('uninstall ends a plugin run still open: its close handlers run before figma goes', () => {
    const fake = createFakeFigma();
    const uninstall = fake.install();
    const seen: string[] = [];
    figma.on('close', () => seen.push(typeof (globalThis as { figma?: unknown }).figma));
    uninstall();
    expect(seen).toEqual(['object']);
  });

  it('validates and normalises the selection', async () => {
    const fake = createFakeFigma();
    const f = fake.addFrame();
    const child = fake.addRectangle({ parent: f });
    const gone = fake.addRectangle();
    gone.remove();
    expect(() => (fake.api.currentPage.selection = [gone])).toThrow(/does not exist/);
    expect(() => (fake.api.currentPage.selection = [fake.page as never])).toThrow(/SceneNodes/);
    fake.api.currentPage.selection = [child, f, f];
    expect(fake.api.currentPage.selection).toEqual([f]); // unique, no descendants of selected nodes
    const off = vi.fn();
    fake.api.on('selectionchange', off);
    fake.api.off('selectionchange', off);
    f.remove();
    await settle();
    expect(fake.api.currentPage.selection).toEqual([]);
    expect(off).not.toHaveBeenCalled();
  });

  it('run/close events, once(), closePlugin(message) records a notification and commits undo', async () => {
    const fake = createFakeFigma();
    const events: string[] = [];
    await fake.runPlugin('remove', () => {
      fake.api.on('run', (e) => events.push(`run:${e.command}`));
      fake.api.once('close', () => events.push('close'));
    });
    expect(fake.api.command).toBe('remove');
    fake.api.closePlugin('Done');
    fake.api.closePlugin('again'); // ignored
    expect(events).toEqual(['run:remove', 'close']);
    expect(fake.notifications.map((n) => n.message)).toEqual(['Done']);
    expect(fake.pluginClosed).toBe(true);
    expect(fake.undoCommits).toBe(1);
  });

  it('notify returns a handler whose cancel dequeues', () => {
    const fake = createFakeFigma();
    const onDequeue = vi.fn();
    const h = fake.api.notify('Working…', { timeout: Infinity, onDequeue });
    fake.api.notify('Oops', { error: true });
    h.cancel();
    expect(onDequeue).toHaveBeenCalledWith('dismiss');
    expect(fake.notifications.map((n) => [n.message, n.error, n.cancelled])).toEqual([
      ['Working…', false, true],
      ['Oops', true, false],
    ]);
  });

  it('relays messages both ways with cloning, onmessage and on("message")', () => {
    const fake = createFakeFigma();
    const shown = vi.fn();
    fake.addUiHost({ show: shown });
    fake.api.showUI('<p>ui</p>', { width: 320, height: 480, themeColors: true });
    expect(shown).toHaveBeenCalledWith(expect.objectContaining({ html: '<p>ui</p>', width: 320, height: 480, themeColors: true, visible: true }));
    const toUi: unknown[] = [];
    fake.onPostToUi((m) => toUi.push(m));
    const payload = { type: 'source', bytes: new Uint8Array([1, 2, 3]) };
    fake.api.ui.postMessage(payload);
    expect(toUi[0]).toEqual(payload);
    expect(toUi[0]).not.toBe(payload);
    const got: unknown[] = [];
    fake.api.ui.onmessage = (msg, props) => got.push(['onmessage', msg, props.origin]);
    fake.api.ui.on('message', (msg) => got.push(['on', msg]));
    fake.sendFromUi({ type: 'cancel' });
    expect(got).toEqual([
      ['onmessage', { type: 'cancel' }, 'null'],
      ['on', { type: 'cancel' }],
    ]);
    fake.api.ui.resize(400, 500);
    expect([fake.uiState.width, fake.uiState.height]).toEqual([400, 500]);
    fake.api.ui.close();
    expect(fake.uiState.open).toBe(false);
  });

  it('a new run starts without the previous run’s handlers', async () => {
    const fake = createFakeFigma();
    const old = vi.fn();
    await fake.runPlugin('open', () => {
      fake.api.on('selectionchange', old);
      fake.api.showUI('<p>1</p>');
      fake.api.ui.onmessage = old;
    });
    await fake.runPlugin('remove', () => {});
    fake.sendFromUi({ type: 'x' });
    await fake.select([fake.addRectangle()]);
    expect(old).not.toHaveBeenCalled();
    expect(fake.uiState.open).toBe(false);
  });
});
