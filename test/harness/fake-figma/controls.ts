/// <reference types="@figma/plugin-typings" />
/**
 * The test/harness side of a fake figma: build scenes, act as the user (select, undo,
 * messages from the UI), and observe (render pixels, snapshot, notifications).
 */
import { FakeFigmaApi, type DocumentAccess, type ParameterInputRecord, type ParameterSuggestion, type PluginRunState } from './api.js';
import { FakeClientStorage, CLIENT_STORAGE_LIMIT_BYTES } from './client-storage.js';
import { FakeDocument } from './document.js';
import type { ImageDecoder } from './images.js';
import { unionRects, type Rect, type Transform } from './matrix.js';
import type { FakeBaseNode } from './nodes/base.js';
import type {
  FakeBooleanOperationNode,
  FakeComponentNode,
  FakeEllipseNode,
  FakeFrameLikeNode,
  FakeFrameNode,
  FakeInstanceNode,
  FakeSectionNode,
  FakeGroupNode,
  FakePageNode,
  FakeRectangleNode,
  FakeVectorNode,
} from './nodes/kinds.js';
import type { BooleanOperation, LayoutMode } from './nodes/state.js';
import type { ExportSettingsLike, FakeSceneNode } from './nodes/scene.js';
import { Notifier, type NotificationRecord } from './notify.js';
import { renderNodeImage, renderRegion, type RenderedImage } from './raster/export.js';
import { encodePng, type Rgba } from './raster/rgba.js';
import { snapshotPage, type DocumentSnapshot } from './snapshot.js';
import { UiBridge, type UiHost, type UiState } from './ui-bridge.js';

export interface CreateFakeFigmaOptions {
  /** figma.command for the first run (default ''). */
  command?: string;
  pluginId?: string;
  /** As the manifest's documentAccess; default 'dynamic-page' (getNodeById then throws). */
  documentAccess?: DocumentAccess;
  /** Value of `__html__` set by install() (default a blank page). */
  html?: string;
  /** Async JPEG/GIF decoder (the browser harness passes one); without it only PNG is accepted. */
  imageDecoder?: ImageDecoder;
  clientStorageLimitBytes?: number;
  /** The plugin's manifest: its commands' quick-action parameters decide what typeParameter allows. */
  manifest?: ManifestLike;
}

/** The part of manifest.json the fake reads. */
export interface ManifestLike {
  menu?: { command?: string; parameters?: { key: string; allowFreeform?: boolean }[] }[];
}

type NodeRef = FakeBaseNode | string;
type ParentRef = FakeBaseNode | string;
type ColorLike = string | RGB;

/** Where a new layer goes. Rotation is applied about its top-left corner, then x/y place that corner. */
export interface Placement {
  name?: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  rotation?: number;
  /** Parent node or id; default the page. */
  parent?: ParentRef;
  opacity?: number;
  visible?: boolean;
}

export interface ImageLayerOptions extends Placement {
  /** PNG bytes, or raw pixels (encoded to PNG so the Image has real bytes). */
  png?: Uint8Array;
  rgba?: { width: number; height: number; data: Uint8Array | Uint8ClampedArray };
  scaleMode?: ImagePaint['scaleMode'];
  imageTransform?: Transform;
  /** The paint's `rotation` (90° steps; FILL, FIT and TILE). */
  fillRotation?: number;
  filters?: ImageFilters;
  /** The paint's own opacity (the layer's is `opacity`). */
  paintOpacity?: number;
}

export interface ShapeOptions extends Placement {
  /** '#rrggbb' or {r,g,b} in 0..1; shorthand for one SOLID fill. */
  color?: ColorLike;
  fills?: Paint[];
}

export interface FrameOptions extends ShapeOptions {
  clipsContent?: boolean;
  layoutMode?: LayoutMode;
  itemSpacing?: number;
  padding?: number;
}

export interface VectorOptions extends ShapeOptions {
  /** SVG path data (one NONZERO path) or full VectorPaths. */
  paths: string | { windingRule: 'NONZERO' | 'EVENODD' | 'NONE'; data: string }[];
}

export class FakeFigma {
  readonly api: FakeFigmaApi;
  /** The same object: `const { api, controls } = createFakeFigma()` reads well too. */
  readonly controls: FakeFigma = this;
  readonly document: FakeDocument;
  readonly clientStorage: FakeClientStorage;
  private readonly ui: UiBridge;
  private readonly notifier = new Notifier();
  private readonly run: PluginRunState;
  private readonly closeListeners = new Set<(message: string | undefined) => void>();

  constructor(private readonly options: CreateFakeFigmaOptions = {}) {
    this.document = new FakeDocument(options.imageDecoder);
    this.ui = new UiBridge();
    this.run = { command: options.command ?? '', closed: false, closeMessage: undefined };
    this.clientStorage = new FakeClientStorage(options.clientStorageLimitBytes ?? CLIENT_STORAGE_LIMIT_BYTES);
    this.api = new FakeFigmaApi(
      this.document,
      this.ui,
      this.notifier,
      this.run,
      options.pluginId ?? 'powerpaint-dev',
      options.documentAccess ?? 'dynamic-page',
      this.clientStorage,
    );
    this.api._events.on('close', () => {
      for (const l of this.closeListeners) l(this.run.closeMessage);
    });
  }

  get page(): FakePageNode {
    return this.document.page;
  }

  // ---- installing and running the plugin ---------------------------------------------

  /**
   * Sets globalThis.figma and __html__; returns a function that ends a plugin run still open (its 'close'
   * handlers run, as when Figma closes a plugin) and restores the previous values.
   */
  install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
    const prev = { figma: target.figma, __html__: target.__html__ };
    target.figma = this.api;
    target.__html__ = this.options.html ?? '<!doctype html><html><body></body></html>';
    return () => {
      if (!this.run.closed) {
        this.run.closed = true;
        this.api._events.emit('close');
      }
      target.figma = prev.figma;
      target.__html__ = prev.__html__;
    };
  }

  /** Fresh plugin run, as when a menu command is chosen: previous handlers and UI are gone. */
  startRun(command: string): void {
    if (!this.run.closed && this.ui.state.open) this.api._events.emit('close');
    this.api._events.clear();
    this.api._parameterEvents.clear();
    this.ui.resetForRun();
    this.document.unloadOtherPages();
    this.run.command = command;
    this.run.closed = false;
    this.run.closeMessage = undefined;
  }

  /** Fire 'run' (Figma does so after the plugin's top-level code ran). */
  emitRun(parameters?: ParameterValues): void {
    this.api._events.emit('run', (parameters ? { command: this.run.command, parameters } : { command: this.run.command }) as RunEvent);
  }

  /**
   * The person types `query` into quick-action parameter `key` (the plugin's code has run, 'run' not yet):
   * fires figma.parameters 'input' and resolves, after queued work settled, with what the plugin answered.
   * `parameters` are the values of the parameters filled in before this one.
   */
  async typeParameter(key: string, query: string, parameters: ParameterValues = {}): Promise<ParameterInputRecord> {
    const record: ParameterInputRecord = { key, query, suggestions: undefined, error: undefined, loadingMessage: undefined };
    const freeform = this.options.manifest?.menu?.find((item) => item.command === this.run.command)?.parameters?.find((p) => p.key === key)?.allowFreeform === true;
    const result: SuggestionResults = {
      setSuggestions(suggestions) {
        if (!Array.isArray(suggestions)) throw new Error('in setSuggestions: Expected an array');
        for (const s of suggestions) {
          if (typeof s !== 'string' && (typeof s !== 'object' || s === null || typeof s.name !== 'string')) {
            throw new Error('in setSuggestions: Expected strings or objects with a "name"');
          }
        }
        record.suggestions = [...suggestions] as ParameterSuggestion[];
        record.error = undefined;
        record.loadingMessage = undefined;
      },
      setError(message) {
        if (typeof message !== 'string') throw new Error('in setError: Expected a string');
        // plugin-api.d.ts, SuggestionResults.setError: "This function is *not* available on parameters with `allowFreeform` set."
        if (freeform) throw new Error(`in setError: not available on parameter "${key}", which has allowFreeform`);
        record.error = message;
        record.loadingMessage = undefined;
      },
      setLoadingMessage(message) {
        if (typeof message !== 'string') throw new Error('in setLoadingMessage: Expected a string');
        record.loadingMessage = message;
      },
    };
    this.api._parameterEvents.emit('input', { key, query, parameters, result });
    await settle();
    return record;
  }

  /** startRun + evaluate the plugin (a function) + emitRun. */
  async runPlugin(command: string, main: () => unknown): Promise<void> {
    this.startRun(command);
    await main();
    this.emitRun();
  }

  get pluginClosed(): boolean {
    return this.run.closed;
  }
  get closeMessage(): string | undefined {
    return this.run.closeMessage;
  }
  onClose(cb: (message: string | undefined) => void): () => void {
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  // ---- the UI side ------------------------------------------------------------------

  get uiState(): UiState {
    return this.ui.state;
  }
  /** Messages the plugin posted to the UI, in order. */
  get uiMessages(): readonly unknown[] {
    return this.ui.posted;
  }
  /** Deliver a UI->plugin message to figma.ui.onmessage and figma.ui.on('message') handlers. */
  sendFromUi(pluginMessage: unknown, origin = 'null'): void {
    this.ui.deliverFromUi(pluginMessage, origin);
  }
  onPostToUi(cb: (msg: unknown) => void): () => void {
    return this.ui.onPostToUi(cb);
  }
  /** The browser harness registers itself here to create/remove the iframe. */
  addUiHost(host: UiHost): () => void {
    return this.ui.addHost(host);
  }

  // ---- notifications and undo ---------------------------------------------------------

  get notifications(): readonly NotificationRecord[] {
    return this.notifier.records;
  }
  onNotify(cb: (n: NotificationRecord) => void): () => void {
    return this.notifier.onNotify(cb);
  }
  /** What Cmd+Z does: revert the changes since the previous commit point. False if nothing to undo. */
  undo(): boolean {
    return this.document.undo.undo();
  }
  /** Make the current document the bottom of the undo history (call after building a scene). */
  resetUndoHistory(): void {
    this.document.undo.reset();
  }
  get undoCommits(): number {
    return this.document.undo.commits;
  }

  // ---- the user: selection -------------------------------------------------------------

  /** Select as the user would; resolves after 'selectionchange' was delivered. */
  async select(nodes: NodeRef | readonly NodeRef[]): Promise<void> {
    const list = (Array.isArray(nodes) ? nodes : [nodes]) as NodeRef[];
    this.page.selection = list.map((n) => this.node(n));
    await settle();
  }
  get selection(): readonly FakeSceneNode[] {
    return this.page.selection;
  }

  // ---- finding nodes -----------------------------------------------------------------

  /** A live node by id or the node itself; throws if missing (tests read better than with `!`). */
  node<T extends FakeSceneNode = FakeSceneNode>(ref: NodeRef): T {
    const n = typeof ref === 'string' ? this.document.getNode(ref) : ref;
    if (!n || n.removed) throw new Error(`fake figma: no live node ${typeof ref === 'string' ? ref : ref.id}`);
    return n as T;
  }
  findByName<T extends FakeSceneNode = FakeSceneNode>(name: string): T | undefined {
    return (this.page.findOne((n) => n.name === name) as T | null) ?? undefined;
  }

  // ---- building scenes ---------------------------------------------------------------

  addImageLayer(o: ImageLayerOptions): FakeRectangleNode {
    const bytes = o.png ?? (o.rgba ? encodePng({ width: o.rgba.width, height: o.rgba.height, data: new Uint8ClampedArray(o.rgba.data.buffer, o.rgba.data.byteOffset, o.rgba.data.byteLength) }) : undefined);
    if (!bytes) throw new Error('addImageLayer: pass png bytes or rgba pixels');
    const image = this.api.createImage(bytes);
    const size = this.document.images.get(image.hash)!;
    const rect = this.api.createRectangle();
    const paint: Record<string, unknown> = { type: 'IMAGE', imageHash: image.hash, scaleMode: o.scaleMode ?? 'FILL' };
    if (o.imageTransform) paint.imageTransform = o.imageTransform;
    if (o.fillRotation !== undefined) paint.rotation = o.fillRotation;
    if (o.filters) paint.filters = o.filters;
    if (o.paintOpacity !== undefined) paint.opacity = o.paintOpacity;
    rect.fills = [paint as unknown as ImagePaint];
    this.place(rect, { width: size.width, height: size.height, ...o, name: o.name ?? 'Image' });
    return rect;
  }

  addRectangle(o: ShapeOptions = {}): FakeRectangleNode {
    return this.shape(this.api.createRectangle(), o, 'Rectangle');
  }

  addEllipse(o: ShapeOptions = {}): FakeEllipseNode {
    return this.shape(this.api.createEllipse(), o, 'Ellipse');
  }

  addFrame(o: FrameOptions = {}): FakeFrameNode {
    return this.frameLike(this.api.createFrame(), o, 'Frame');
  }

  private frameLike<T extends FakeFrameLikeNode>(node: T, o: FrameOptions, defaultName: string): T {
    const f = this.shape(node, o, defaultName);
    if (o.clipsContent !== undefined) f.clipsContent = o.clipsContent;
    if (o.layoutMode) f.layoutMode = o.layoutMode;
    if (o.itemSpacing !== undefined) f.itemSpacing = o.itemSpacing;
    if (o.padding !== undefined) f.paddingLeft = f.paddingRight = f.paddingTop = f.paddingBottom = o.padding;
    return f;
  }

  /** A main component (frame-like: auto-layout, padding and clipping as addFrame). */
  addComponent(o: FrameOptions = {}): FakeComponentNode {
    return this.frameLike(this.api.createComponent(), o, 'Component');
  }

  /** An instance of `component`: copies of its layers, found by their names. */
  addInstance(o: Placement & { component: FakeComponentNode }): FakeInstanceNode {
    const instance = o.component.createInstance();
    this.place(instance, { ...o, name: o.name ?? `${o.component.name} instance` });
    return instance;
  }

  addSection(o: ShapeOptions = {}): FakeSectionNode {
    return this.shape(this.api.createSection(), o, 'Section');
  }

  /** A page after the others; a plugin run starts with only the current page loaded. */
  addPage(name: string): FakePageNode {
    return this.document.addPage(name);
  }

  /** The user switches pages ('currentpagechange' fires, as when a plugin switches). */
  async showPage(page: FakePageNode): Promise<void> {
    await this.api.setCurrentPageAsync(page);
    await settle();
  }

  addVector(o: VectorOptions): FakeVectorNode {
    const v = this.api.createVector();
    v.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }];
    v.vectorPaths = typeof o.paths === 'string' ? [{ windingRule: 'NONZERO', data: o.paths }] : o.paths;
    // The path's own coordinates position it; x/y (if given) then move it.
    const { width: _w, height: _h, ...rest } = o;
    return this.shape(v, { ...rest, x: o.x ?? v.x, y: o.y ?? v.y }, 'Vector');
  }

  addGroup(o: { name?: string; nodes: NodeRef[]; parent?: ParentRef }): FakeGroupNode {
    const nodes = o.nodes.map((n) => this.node(n));
    const parent = o.parent ? this.node(o.parent as NodeRef) : (nodes[0]?.parent ?? this.page);
    const g = this.api.group(nodes, parent as never);
    if (o.name) g.name = o.name;
    return g;
  }

  /** A boolean group of `nodes` (figma.union / subtract / intersect / exclude), where the first node is. */
  addBooleanOperation(o: { operation: BooleanOperation; name?: string; nodes: NodeRef[]; parent?: ParentRef }): FakeBooleanOperationNode {
    const nodes = o.nodes.map((n) => this.node(n));
    const parent = o.parent ? this.node(o.parent as NodeRef) : (nodes[0]?.parent ?? this.page);
    const make = { UNION: 'union', SUBTRACT: 'subtract', INTERSECT: 'intersect', EXCLUDE: 'exclude' } as const;
    const b = this.api[make[o.operation]](nodes, parent as never);
    if (o.name) b.name = o.name;
    return b;
  }

  // ---- observing ---------------------------------------------------------------------

  snapshot(): DocumentSnapshot {
    return snapshotPage(this.page);
  }

  /** The page as the canvas shows it. Default region: the bounds of everything on it. */
  renderPage(o: { region?: Rect; scale?: number; width?: number; height?: number; background?: boolean } = {}): RenderedImage {
    const region =
      o.region ?? unionRects(this.page._s.children.map((c) => (c as FakeSceneNode)._renderBounds())) ?? { x: 0, y: 0, width: 1, height: 1 };
    const bg = this.page.backgrounds[0];
    const background = o.background !== false && bg?.type === 'SOLID' ? bg.color : null;
    return renderRegion([this.page], this.document.images, { region, scale: o.scale ?? 1, width: o.width, height: o.height, background });
  }

  /** Exactly the pixels exportAsync would encode. */
  renderNode(ref: NodeRef, settings: ExportSettingsLike = {}): RenderedImage {
    return renderNodeImage(this.node(ref), this.document.images, settings);
  }

  renderNodePng(ref: NodeRef, settings: ExportSettingsLike = {}): Uint8Array {
    return encodePng(this.renderNode(ref, settings));
  }

  renderPagePng(o: Parameters<FakeFigma['renderPage']>[0] = {}): Uint8Array {
    return encodePng(this.renderPage(o));
  }

  /** Resolves when async (JPEG/GIF) image decodes finished. */
  whenImagesDecoded(): Promise<void> {
    return this.document.images.whenDecoded();
  }

  /** Called (coalesced per microtask) after document changes. */
  onDocumentChange(cb: () => void): () => void {
    return this.document.onChange(cb);
  }
  onSelectionChange(cb: () => void): () => void {
    return this.document.onSelectionChange(cb);
  }

  // ---- helpers -----------------------------------------------------------------------

  private shape<T extends FakeSceneNode & { fills: ReadonlyArray<Paint> }>(node: T, o: ShapeOptions, defaultName: string): T {
    if (o.fills) node.fills = o.fills;
    else if (o.color !== undefined) node.fills = [{ type: 'SOLID', color: toRgb(o.color) }];
    this.place(node, { ...o, name: o.name ?? defaultName });
    return node;
  }

  private place(node: FakeSceneNode, o: Placement): void {
    if (o.name !== undefined) node.name = o.name;
    if (o.parent !== undefined) {
      const parent = typeof o.parent === 'string' ? this.document.getNode(o.parent) : o.parent;
      if (!parent || !('appendChild' in parent)) throw new Error(`fake figma: parent ${String(o.parent)} can't have children`);
      (parent as unknown as { appendChild(n: FakeBaseNode): void }).appendChild(node);
    }
    if (o.width !== undefined || o.height !== undefined) node.resize(o.width ?? node.width, o.height ?? node.height);
    if (o.rotation !== undefined) node.rotation = o.rotation;
    if (o.x !== undefined) node.x = o.x;
    if (o.y !== undefined) node.y = o.y;
    if (o.opacity !== undefined) node.opacity = o.opacity;
    if (o.visible !== undefined) node.visible = o.visible;
  }
}

export function toRgb(c: ColorLike): RGB {
  if (typeof c !== 'string') return c;
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (!m) throw new Error(`fake figma: bad colour ${c} (use #rrggbb)`);
  return { r: parseInt(m[1]!, 16) / 255, g: parseInt(m[2]!, 16) / 255, b: parseInt(m[3]!, 16) / 255 };
}

/** Let queued microtasks (selectionchange, document change) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

export type { Rgba };
