/**
 * Runs the plugin like Figma: a fresh run per menu command (figma.command set, __html__ =
 * dist/ui.html, dist/plugin.js evaluated with globalThis.figma = the fake API), and the UI in
 * an `<iframe sandbox="allow-scripts" srcdoc>` (null origin, no allow-same-origin).
 * Messages use Figma's envelope: to the UI `{ pluginMessage, pluginId }`; from the UI
 * `parent.postMessage({ pluginMessage }, '*')`, accepted only from that iframe's window.
 *
 * Hosted-UI mode (the server answers /dist/ui.html with `X-Harness-Ui: hosted`, serve.mjs HOSTED_UI=1):
 * `__html__` is the build's redirect stub, shown as a `data:` URL in an iframe sandboxed with
 * `allow-scripts allow-same-origin`. The stub still has a null origin (a data: document always has an
 * opaque one), and the page it navigates to keeps its own origin, so its storage works — as a hosted UI
 * in Figma. `event.source === iframe.contentWindow` holds across that navigation (the WindowProxy of
 * an iframe stays the same object), so the relay keeps accepting the navigated window's messages; a
 * message from a non-null origin must carry a string `pluginId`, as Figma requires of hosted UIs.
 */
import type { FakeFigma, UiState } from '../fake-figma/index.js';
import { THEME_MESSAGE_KEY, themedHtml, type Theme } from './theme.js';

export interface PluginHostOptions {
  fake: FakeFigma;
  pluginId: string;
  /** Element the iframe goes into (its panel is shown/hidden with the UI). */
  panel: HTMLElement;
  frameSlot: HTMLElement;
  titleEl: HTMLElement;
  pluginName: string;
  onError(message: string): void;
}

export class PluginHost {
  private iframe: HTMLIFrameElement | null = null;
  private loaded: Promise<void> = Promise.resolve();
  private queue: unknown[] = [];
  private isLoaded = false;
  theme: Theme = 'light';
  private themeColors = false;
  /** The current run's UI is a hosted-UI redirect stub (see the file comment). */
  private hostedUi = false;

  constructor(private readonly o: PluginHostOptions) {
    o.fake.addUiHost({
      show: (s) => this.show(s),
      close: () => this.remove(),
      resize: (w, h) => this.size(w, h),
      visibility: (v) => {
        this.o.panel.hidden = !v;
      },
    });
    o.fake.onPostToUi((msg) => this.toUi(msg));
    window.addEventListener('message', (e) => {
      if (!this.iframe || e.source !== this.iframe.contentWindow) return; // only our UI
      const data = e.data as unknown;
      if (!data || typeof data !== 'object' || !('pluginMessage' in data)) return;
      if (e.origin !== 'null' && typeof (data as { pluginId?: unknown }).pluginId !== 'string') {
        this.o.onError(`dropped a message from the UI at ${e.origin}: a hosted UI must send { pluginMessage, pluginId }`);
        return;
      }
      try {
        this.o.fake.sendFromUi((data as { pluginMessage: unknown }).pluginMessage, e.origin);
      } catch (err) {
        this.o.onError(`plugin onmessage threw: ${(err as Error).message}`);
        console.error(err);
      }
    });
  }

  frame(): HTMLIFrameElement | null {
    return this.iframe;
  }

  /** Start the plugin fresh for `command`; resolves when its code ran and its UI (if any) loaded. */
  async run(command: string): Promise<void> {
    const [{ text: code }, { text: html, headers }] = await Promise.all([fetchText('/dist/plugin.js'), fetchText('/dist/ui.html')]);
    this.hostedUi = headers.get('X-Harness-Ui') === 'hosted';
    const fake = this.o.fake;
    fake.startRun(command);
    const g = globalThis as unknown as Record<string, unknown>;
    g.figma = fake.api;
    g.__html__ = html;
    try {
      // The plugin bundle is an IIFE using the globals `figma` and `__html__`.
      new Function(`${code}\n//# sourceURL=dist/plugin.js`)();
    } catch (err) {
      this.o.onError(`plugin threw: ${(err as Error).message}`);
      throw err;
    }
    fake.emitRun();
    // showUI may come a tick later (after an await in the plugin's startup).
    await new Promise((r) => setTimeout(r, 0));
    await this.loaded;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.iframe && this.themeColors && this.isLoaded) this.iframe.contentWindow?.postMessage({ [THEME_MESSAGE_KEY]: theme }, '*');
  }

  private show(s: UiState): void {
    this.remove();
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', this.hostedUi ? 'allow-scripts allow-same-origin' : 'allow-scripts');
    iframe.setAttribute('allow', 'clipboard-read; clipboard-write');
    iframe.title = s.title ?? this.o.pluginName;
    this.themeColors = s.themeColors;
    const html = s.themeColors ? themedHtml(s.html, this.theme) : s.html;
    // srcdoc with allow-same-origin would give the stub this page's origin; a data: URL keeps it null.
    if (this.hostedUi) iframe.src = `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
    else iframe.srcdoc = html;
    this.isLoaded = false;
    this.queue = [];
    this.loaded = new Promise<void>((resolve) => {
      iframe.addEventListener(
        'load',
        () => {
          this.isLoaded = true;
          // Figma delivers messages posted before the UI loaded once it has.
          for (const m of this.queue.splice(0)) this.post(m);
          resolve();
        },
        { once: true },
      );
    });
    this.iframe = iframe;
    this.o.titleEl.textContent = s.title ?? this.o.pluginName;
    this.o.frameSlot.replaceChildren(iframe);
    this.size(s.width, s.height);
    this.o.panel.hidden = !s.visible;
  }

  private size(w: number, h: number): void {
    if (!this.iframe) return;
    this.iframe.style.width = `${w}px`;
    this.iframe.style.height = `${h}px`;
  }

  private remove(): void {
    this.iframe?.remove();
    this.iframe = null;
    this.isLoaded = false;
    this.queue = [];
    this.loaded = Promise.resolve();
    this.o.panel.hidden = true;
  }

  private toUi(msg: unknown): void {
    if (!this.iframe) return;
    if (!this.isLoaded) this.queue.push(msg);
    else this.post(msg);
  }

  private post(msg: unknown): void {
    this.iframe?.contentWindow?.postMessage({ pluginMessage: msg, pluginId: this.o.pluginId }, '*');
  }
}

async function fetchText(url: string): Promise<{ text: string; headers: Headers }> {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return { text: await r.text(), headers: r.headers };
}
