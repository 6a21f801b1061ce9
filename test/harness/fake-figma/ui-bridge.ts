/// <reference types="@figma/plugin-typings" />
/**
 * figma.showUI / figma.ui. The fake only relays: a host (the browser harness, or a Node test)
 * listens for show/close/resize and plugin->UI messages, and calls `deliverFromUi` for
 * UI->plugin messages. Messages are structured-cloned both ways, as postMessage would.
 */
import { Emitter } from './events.js';

export interface UiState {
  open: boolean;
  visible: boolean;
  html: string;
  width: number;
  height: number;
  title: string | undefined;
  themeColors: boolean;
  position: { x: number; y: number } | undefined;
}

type Handler = (pluginMessage: unknown, props: { origin: string }) => void;

export interface UiHost {
  show?(state: UiState): void;
  close?(): void;
  resize?(width: number, height: number): void;
  visibility?(visible: boolean): void;
}

export class UiBridge {
  onmessage: Handler | undefined = undefined;
  private readonly handlers = new Emitter<{ message: [unknown, { origin: string }] }>();
  private readonly postListeners = new Set<(msg: unknown) => void>();
  private readonly hosts = new Set<UiHost>();
  /** Every plugin->UI message, in order (for assertions). */
  readonly posted: unknown[] = [];
  state: UiState = closedState();

  /** The object installed as `figma.ui`. */
  readonly api: {
    show(): void;
    hide(): void;
    resize(width: number, height: number): void;
    reposition(x: number, y: number): void;
    getPosition(): { windowSpace: { x: number; y: number }; canvasSpace: { x: number; y: number } };
    close(): void;
    postMessage(pluginMessage: unknown, options?: unknown): void;
    onmessage: Handler | undefined;
    on(type: 'message', cb: Handler): void;
    once(type: 'message', cb: Handler): void;
    off(type: 'message', cb: Handler): void;
  };

  constructor() {
    const api = {
      show: (): void => this.setVisible(true),
      hide: (): void => this.setVisible(false),
      resize: (width: number, height: number): void => {
        if (!this.state.open) return;
        if (!(width > 0 && height > 0)) throw new Error('in resize: width and height must be positive');
        this.state = { ...this.state, width: Math.round(width), height: Math.round(height) };
        for (const h of this.hosts) h.resize?.(this.state.width, this.state.height);
      },
      reposition: (x: number, y: number): void => {
        this.state = { ...this.state, position: { x, y } };
      },
      getPosition: () => ({ windowSpace: this.state.position ?? { x: 0, y: 0 }, canvasSpace: this.state.position ?? { x: 0, y: 0 } }),
      close: (): void => this.close(),
      postMessage: (pluginMessage: unknown): void => {
        if (!this.state.open) {
          console.warn('fake figma: figma.ui.postMessage called with no UI open; message dropped', pluginMessage);
          return;
        }
        const msg = structuredClone(pluginMessage);
        this.posted.push(msg);
        for (const l of [...this.postListeners]) l(msg);
      },
      on: (type: 'message', cb: Handler): void => this.handlers.on(checkType(type), cb),
      once: (type: 'message', cb: Handler): void => this.handlers.on(checkType(type), cb, true),
      off: (type: 'message', cb: Handler): void => this.handlers.off(checkType(type), cb),
    };
    Object.defineProperty(api, 'onmessage', {
      get: () => this.onmessage,
      set: (h: Handler | undefined) => {
        this.onmessage = h;
      },
      enumerable: true,
    });
    this.api = api as typeof this.api;
  }

  showUI(html: string, options: ShowUIOptions = {}): void {
    if (typeof html !== 'string') throw new Error('in showUI: Expected html to be a string');
    this.state = {
      open: true,
      visible: options.visible ?? true,
      html,
      width: options.width ?? 100,
      height: options.height ?? 100,
      title: options.title,
      themeColors: options.themeColors ?? false,
      position: options.position,
    };
    for (const h of this.hosts) h.show?.(this.state);
  }

  close(): void {
    if (!this.state.open) return;
    this.state = closedState();
    for (const h of this.hosts) h.close?.();
  }

  /** Deliver a UI->plugin message (what `parent.postMessage({ pluginMessage }, '*')` does in Figma). */
  deliverFromUi(pluginMessage: unknown, origin = 'null'): void {
    const msg = structuredClone(pluginMessage);
    const props = { origin };
    this.onmessage?.(msg, props);
    this.handlers.emit('message', msg, props);
  }

  onPostToUi(cb: (msg: unknown) => void): () => void {
    this.postListeners.add(cb);
    return () => this.postListeners.delete(cb);
  }

  addHost(host: UiHost): () => void {
    this.hosts.add(host);
    return () => this.hosts.delete(host);
  }

  /** New plugin run: handlers from the previous run are gone. */
  resetForRun(): void {
    this.close();
    this.onmessage = undefined;
    this.handlers.clear();
  }

  private setVisible(v: boolean): void {
    if (!this.state.open) return;
    this.state = { ...this.state, visible: v };
    for (const h of this.hosts) h.visibility?.(v);
  }
}

function closedState(): UiState {
  return { open: false, visible: false, html: '', width: 0, height: 0, title: undefined, themeColors: false, position: undefined };
}

function checkType(type: string): 'message' {
  if (type !== 'message') throw new Error(`in figma.ui.on: unknown event "${type}"`);
  return 'message';
}
