/**
 * The harness page: a Figma-like window around the fake figma. Layers on the left, the
 * canvas in the middle, the plugin UI iframe on the right, the Plugins menu on top.
 * URL options: ?scene=empty (no sample scene), ?theme=dark.
 */
import { createFakeFigma } from '../fake-figma/index.js';
import { buildSampleScene, type SamplePhotos } from '../scene/sample-scene.js';
import { browserImageDecoder } from './browser-decoder.js';
import { CanvasView } from './canvas-view.js';
import type { HarnessApi } from './harness-api.js';
import { LayersPanel } from './layers-panel.js';
import { PluginHost } from './plugin-host.js';
import type { Theme } from './theme.js';
import { mountToasts } from './toasts.js';

type MenuEntry = HarnessApi['menu'][number];

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const fake = createFakeFigma({ imageDecoder: browserImageDecoder, documentAccess: 'dynamic-page' });
const toast = mountToasts($('toasts'), fake);
let theme: Theme = params.get('theme') === 'dark' ? 'dark' : 'light';

const host = new PluginHost({
  fake,
  pluginId: 'powerpaint-dev',
  panel: $('plugin-panel'),
  frameSlot: $('plugin-frame'),
  titleEl: $('plugin-title'),
  pluginName: 'PowerPaint',
  onError: (m) => toast(m, true),
});
host.setTheme(theme);

const canvas = new CanvasView($('canvas'), fake, (ms) => status(ms));
new LayersPanel($('layers'), fake);

function status(renderMs?: number): void {
  const sel = fake.selection;
  const count = fake.page.findAll().length;
  const selText = sel.length === 0 ? 'nothing selected' : sel.length === 1 ? `selected: ${sel[0]!.name}` : `${sel.length} selected`;
  const r = renderMs === undefined ? '' : ` · canvas ${Math.round(renderMs)} ms`;
  $('status').textContent = `${count} layers · ${selText}${r}${fake.api.command ? ` · last command: ${fake.api.command}` : ''}`;
}
fake.onSelectionChange(() => status(canvas.lastRenderMs));
fake.onDocumentChange(() => status(canvas.lastRenderMs));

async function runCommand(command: string): Promise<void> {
  try {
    await host.run(command);
  } finally {
    status(canvas.lastRenderMs);
  }
}

function buildMenu(menu: MenuEntry[]): void {
  const list = $('plugins-menu');
  list.replaceChildren(
    ...menu.map((m) => {
      if (m.separator || !m.command) {
        const hr = document.createElement('div');
        hr.className = 'menu-separator';
        return hr;
      }
      const b = document.createElement('button');
      b.className = 'menu-item';
      b.textContent = m.name ?? m.command;
      b.dataset.command = m.command;
      b.addEventListener('click', () => {
        list.hidden = true;
        runCommand(m.command!).catch((e: Error) => toast(e.message, true));
      });
      return b;
    }),
  );
  $('plugins-button').addEventListener('click', (e) => {
    e.stopPropagation();
    list.hidden = !list.hidden;
  });
  document.addEventListener('click', () => (list.hidden = true));
}

function applyTheme(t: Theme): void {
  theme = t;
  document.documentElement.dataset.theme = t;
  $('theme-button').textContent = t === 'dark' ? '☾ Dark' : '☀ Light';
  host.setTheme(t);
}

async function loadPhotos(): Promise<SamplePhotos> {
  const get = async (name: string): Promise<Uint8Array> => {
    const r = await fetch(`/samples/${name}`);
    if (!r.ok) throw new Error(`/samples/${name}: ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
  const [chelsea, coffee, astronaut] = await Promise.all([get('chelsea.png'), get('coffee.png'), get('astronaut.png')]);
  return { chelsea, coffee, astronaut };
}

const manifestMenu: MenuEntry[] = [];

const ready = (async () => {
  const manifest = (await (await fetch('/manifest.json')).json()) as { name: string; menu: MenuEntry[] };
  manifestMenu.push(...manifest.menu);
  $('plugins-button').textContent = `Plugins ▾`;
  buildMenu(manifest.menu);
  if (params.get('scene') !== 'empty') buildSampleScene(fake, await loadPhotos());
  applyTheme(theme);
  status();
  canvas.invalidate();
})();
ready.catch((e: Error) => toast(`harness failed to start: ${e.message}`, true));

$('undo-button').addEventListener('click', () => fake.undo());
$('theme-button').addEventListener('click', () => applyTheme(theme === 'dark' ? 'light' : 'dark'));
$('plugin-close').addEventListener('click', () => fake.api.closePlugin());
document.addEventListener('keydown', (e) => {
  if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'z' && !e.shiftKey) {
    e.preventDefault();
    fake.undo();
  } else if (e.key === 'Escape') {
    void fake.select([]);
  }
});

const harness: HarnessApi = {
  ready,
  api: fake.api,
  controls: fake,
  runCommand,
  select: (ids) => fake.select(ids),
  findByName: (name) => fake.findByName(name)?.id,
  snapshot: () => fake.snapshot(),
  renderNodePng: async (id, settings) => fake.api.getNodeByIdAsync(id).then((n) => {
    if (!n || !('exportAsync' in n)) throw new Error(`no exportable node ${id}`);
    return (n as unknown as { exportAsync(s?: unknown): Promise<Uint8Array> }).exportAsync(settings ?? { format: 'PNG' });
  }),
  renderPagePng: async () => fake.renderPagePng(),
  notifications: () => fake.notifications.map((n) => n.message),
  uiFrame: () => host.frame(),
  undo: () => fake.undo(),
  setTheme: applyTheme,
  clientPoint: (x, y) => canvas.clientPoint(x, y),
  menu: manifestMenu,
};
window.harness = harness;
