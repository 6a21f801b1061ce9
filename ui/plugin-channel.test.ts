/**
 * The window's side of Figma's message channel, with a fake window: the plugin's messages come only from the
 * parent (Figma's frame); the window posts to Figma's origin where the build names one (the hosted window).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PluginToUiMessage } from '../plugin/protocol/messages.js';

const DONE: PluginToUiMessage = { type: 'batch-done', count: 1, placed: 1, failed: [], cancelled: false };

interface FakeFrame {
  posted: { data: unknown; targetOrigin: string }[];
  postMessage(data: unknown, targetOrigin: string): void;
}

function fakeFrame(): FakeFrame {
  const frame: FakeFrame = {
    posted: [],
    postMessage: (data, targetOrigin) => frame.posted.push({ data, targetOrigin }),
  };
  return frame;
}

/** The plugin window: a child of `parent` (Figma's frame), with `ancestorOrigins` as Chromium reports them. */
function fakeWindow(parent: FakeFrame, ancestorOrigins: string[] = []) {
  const target = new EventTarget();
  const win = Object.assign(target, { parent });
  vi.stubGlobal('window', win);
  vi.stubGlobal('parent', parent);
  vi.stubGlobal('location', { ancestorOrigins: Object.assign([...ancestorOrigins], { contains: (o: string) => ancestorOrigins.includes(o) }) });
  /** What a postMessage from `source` at `origin` delivers to the window. */
  const deliver = (data: unknown, source: unknown, origin: string) =>
    target.dispatchEvent(Object.assign(new Event('message'), { data, source, origin }));
  return { deliver };
}

/** plugin-channel as built with these esbuild constants (none: a unit test, or an older bundle). */
async function channelAsync(constants: { __PARENT_ORIGIN__?: string; __PLUGIN_ID__?: string } = {}) {
  for (const [name, value] of Object.entries(constants)) vi.stubGlobal(name, value);
  vi.resetModules();
  return import('./plugin-channel.js');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the plugin channel', () => {
  it("hears only its parent window: a plugin message posted by another frame is ignored", async () => {
    const figmaFrame = fakeFrame();
    const { deliver } = fakeWindow(figmaFrame);
    const { listenToPlugin } = await channelAsync();
    const received: PluginToUiMessage[] = [];
    const stop = listenToPlugin((message) => received.push(message));

    const sibling = fakeFrame();
    deliver({ pluginMessage: { ...DONE, placed: 0 } }, sibling, 'null');
    deliver({ pluginMessage: { ...DONE, placed: 0 } }, null, 'null');
    deliver({ pluginMessage: DONE, pluginId: 'dev' }, figmaFrame, 'null');
    expect(received).toEqual([DONE]);

    stop();
    deliver({ pluginMessage: DONE }, figmaFrame, 'null');
    expect(received).toHaveLength(1);
  });

  it("Figma's null-origin window posts with '*', as Figma's docs write it", async () => {
    const figmaFrame = fakeFrame();
    fakeWindow(figmaFrame);
    const { postToPlugin } = await channelAsync({ __PARENT_ORIGIN__: '*', __PLUGIN_ID__: '737805260747778092' });
    postToPlugin({ type: 'ready' });
    expect(figmaFrame.posted).toEqual([{ data: { pluginMessage: { type: 'ready' }, pluginId: '737805260747778092' }, targetOrigin: '*' }]);
  });

  it("the hosted window posts (image bytes included) to Figma's origin only, and hears only that origin", async () => {
    const figmaFrame = fakeFrame();
    const { deliver } = fakeWindow(figmaFrame, ['https://www.figma.com']);
    const { listenToPlugin, postToPlugin } = await channelAsync({ __PARENT_ORIGIN__: 'https://www.figma.com', __PLUGIN_ID__: '737805260747778092' });
    const png = new Uint8Array([137, 80, 78, 71]);
    postToPlugin({ type: 'result', jobId: 'job-1', images: [{ png, x: 0, y: 0, width: 1, height: 1, variation: 0 }] });
    expect(figmaFrame.posted).toHaveLength(1);
    expect(figmaFrame.posted[0]?.targetOrigin).toBe('https://www.figma.com');
    expect(figmaFrame.posted[0]?.data).toMatchObject({ pluginId: '737805260747778092', pluginMessage: { type: 'result', jobId: 'job-1' } });

    const received: PluginToUiMessage[] = [];
    listenToPlugin((message) => received.push(message));
    // The parent frame, navigated elsewhere: another origin, same window.
    deliver({ pluginMessage: { ...DONE, placed: 0 } }, figmaFrame, 'https://evil.example');
    deliver({ pluginMessage: DONE }, figmaFrame, 'https://www.figma.com');
    expect(received).toEqual([DONE]);
  });

  it("the harness's loopback build posts to its parent's origin as the browser reports it", async () => {
    const harnessPage = fakeFrame();
    const { deliver } = fakeWindow(harnessPage, ['http://localhost:41234']);
    const { listenToPlugin, postToPlugin } = await channelAsync({ __PARENT_ORIGIN__: 'parent', __PLUGIN_ID__: 'REPLACE_WITH_FIGMA_PLUGIN_ID' });
    postToPlugin({ type: 'ready' });
    expect(harnessPage.posted[0]?.targetOrigin).toBe('http://localhost:41234');
    const received: PluginToUiMessage[] = [];
    listenToPlugin((message) => received.push(message));
    deliver({ pluginMessage: { ...DONE, placed: 0 } }, harnessPage, 'http://localhost:5174');
    deliver({ pluginMessage: DONE }, harnessPage, 'http://localhost:41234');
    expect(received).toEqual([DONE]);
  });
});
