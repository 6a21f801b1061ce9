/// <reference types="@figma/plugin-typings" />
/**
 * The object installed as `globalThis.figma`: the subset of PluginAPI the plugin uses,
 * with Figma's names, signatures, validation and error behaviour.
 */
import { FakeClientStorage } from './client-storage.js';
import type { FakeDocument } from './document.js';
import { Emitter } from './events.js';
import type { FakeImage } from './images.js';
import { invert, multiply } from './matrix.js';
import { FakeBaseNode, containerOf, isHiddenInsideInstance } from './nodes/base.js';
import { nextTask } from './nodes/kinds.js';
import type {
  FakeBooleanOperationNode,
  FakeComponentNode,
  FakeSectionNode,
  FakeDocumentNode,
  FakeEllipseNode,
  FakeFrameNode,
  FakeGroupNode,
  FakePageNode,
  FakePolygonNode,
  FakeRectangleNode,
  FakeStarNode,
  FakeVectorNode,
} from './nodes/kinds.js';
import { FakeSceneNode } from './nodes/scene.js';
import type { BooleanOperation } from './nodes/state.js';
import type { Notifier } from './notify.js';
import type { UiBridge } from './ui-bridge.js';

const MIXED: unique symbol = Symbol('figma.mixed');

export type DocumentAccess = 'dynamic-page' | 'default';

export type FakeEvents = {
  selectionchange: [];
  currentpagechange: [];
  close: [];
  run: [RunEvent];
  documentchange: [unknown];
  drop: [unknown];
};

export type FakeParameterEvents = { input: [ParameterInputEvent] };

export type ParameterSuggestion = string | { name: string; data?: unknown; icon?: string | Uint8Array; iconUrl?: string };

/** What the plugin answered to one parameter input event (see FakeFigma.typeParameter). */
export interface ParameterInputRecord {
  key: string;
  query: string;
  /** The latest setSuggestions list; undefined until the plugin called it. */
  suggestions: ParameterSuggestion[] | undefined;
  /** The latest setError message (Figma shows it instead of the suggestions and refuses the value). */
  error: string | undefined;
  loadingMessage: string | undefined;
}

export interface PluginRunState {
  command: string;
  closed: boolean;
  closeMessage: string | undefined;
}

function checkInputType(type: string, fn: string): 'input' {
  if (type !== 'input') throw new Error(`in parameters.${fn}: Unknown event type "${type}" (only "input")`);
  return type;
}

export class FakeFigmaApi {
  readonly apiVersion = '1.0.0' as const;
  readonly editorType = 'figma' as const;
  readonly mode = 'default' as const;
  readonly fileKey = undefined;
  readonly currentUser = null;
  readonly activeUsers: never[] = [];
  skipInvisibleInstanceChildren = false;
  /** Figma's unique "mixed" marker. */
  readonly mixed: symbol = MIXED;
  readonly clientStorage: FakeClientStorage;
  readonly viewport: {
    center: { x: number; y: number };
    zoom: number;
    readonly bounds: { x: number; y: number; width: number; height: number };
    scrollAndZoomIntoView(nodes: ReadonlyArray<FakeBaseNode>): void;
  };

  /** @internal */
  readonly _events = new Emitter<FakeEvents>();
  /** @internal handlers of figma.parameters (dropped with the run, like the others) */
  readonly _parameterEvents = new Emitter<FakeParameterEvents>();
  /** Quick-action parameters: 'input' fires while the person types a parameter (FakeFigma.typeParameter). */
  readonly parameters: {
    on(type: 'input', cb: (event: ParameterInputEvent) => void): void;
    once(type: 'input', cb: (event: ParameterInputEvent) => void): void;
    off(type: 'input', cb: (event: ParameterInputEvent) => void): void;
  } = {
    on: (type, cb) => this._parameterEvents.on(checkInputType(type, 'on'), cb),
    once: (type, cb) => this._parameterEvents.on(checkInputType(type, 'once'), cb, true),
    off: (type, cb) => this._parameterEvents.off(checkInputType(type, 'off'), cb),
  };

  constructor(
    private readonly doc: FakeDocument,
    private readonly uiBridge: UiBridge,
    private readonly notifier: Notifier,
    private readonly run: PluginRunState,
    readonly pluginId: string,
    private readonly documentAccess: DocumentAccess,
    clientStorage: FakeClientStorage,
  ) {
    this.clientStorage = clientStorage;
    doc.onSelectionChange(() => this._events.emit('selectionchange'));
    const viewport = { center: { x: 0, y: 0 }, zoom: 1, lastScrolledTo: [] as string[] };
    this.viewport = {
      get center() {
        return viewport.center;
      },
      set center(c) {
        viewport.center = { x: c.x, y: c.y };
      },
      get zoom() {
        return viewport.zoom;
      },
      set zoom(z) {
        viewport.zoom = z;
      },
      get bounds() {
        return { x: viewport.center.x - 500, y: viewport.center.y - 400, width: 1000, height: 800 };
      },
      scrollAndZoomIntoView: (nodes) => {
        viewport.lastScrolledTo = nodes.map((n) => n.id);
      },
    };
  }

  get command(): string {
    return this.run.command;
  }
  get root(): FakeDocumentNode {
    return this.doc.root;
  }
  get currentPage(): FakePageNode {
    return this.doc.page;
  }
  set currentPage(page: FakePageNode) {
    if (this.documentAccess === 'dynamic-page') {
      throw new Error('in set_currentPage: Cannot call with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.');
    }
    this.switchPage(page);
  }
  /** Switches to `page`, loading it first (a turn of the event loop). */
  async setCurrentPageAsync(page: FakePageNode): Promise<void> {
    await nextTask();
    this.switchPage(page);
  }
  private switchPage(page: FakePageNode): void {
    if (!this.doc.pages.includes(page) || page.removed) throw new Error('in setCurrentPageAsync: Expected a page of this document');
    if (page === this.doc.page) return;
    this.doc.setCurrentPage(page);
    this._events.emit('currentpagechange');
  }

  // ---- nodes ------------------------------------------------------------------------
  /**
   * Resolves a macrotask later, as Figma's lookup does (it may load a page first): the document can change
   * between the call and the answer, so callers must not assume what they read before still holds.
   */
  async getNodeByIdAsync(id: string): Promise<FakeBaseNode | null> {
    await nextTask();
    const node = this.doc.getNode(id);
    // plugin-api.d.ts, skipInvisibleInstanceChildren: with it on, for "invisible nodes (and their descendants)
    // inside instances" "getNodeByIdAsync will return a promise containing null".
    return node !== null && this.skipInvisibleInstanceChildren && isHiddenInsideInstance(node) ? null : node;
  }
  getNodeById(id: string): FakeBaseNode | null {
    if (this.documentAccess === 'dynamic-page') {
      throw new Error('in getNodeById: Cannot call with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.');
    }
    return this.doc.getNode(id);
  }
  createPage(): FakePageNode {
    return this.doc.addPage('Page');
  }
  createComponent(): FakeComponentNode {
    return this.doc.create('COMPONENT');
  }
  createSection(): FakeSectionNode {
    return this.doc.create('SECTION');
  }
  createRectangle(): FakeRectangleNode {
    return this.doc.create('RECTANGLE');
  }
  createFrame(): FakeFrameNode {
    return this.doc.create('FRAME');
  }
  createEllipse(): FakeEllipseNode {
    return this.doc.create('ELLIPSE');
  }
  createPolygon(): FakePolygonNode {
    return this.doc.create('POLYGON');
  }
  createStar(): FakeStarNode {
    return this.doc.create('STAR');
  }
  createVector(): FakeVectorNode {
    return this.doc.create('VECTOR');
  }

  /** Groups nodes under `parent` at `index`, keeping every node where it is on the page. */
  group(nodes: ReadonlyArray<FakeBaseNode>, parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }, index?: number): FakeGroupNode {
    return this.combine<FakeGroupNode>('group', 'GROUP', nodes, parent, index);
  }

  /**
   * Boolean groups, with the arguments of `group`: the nodes move into a new BOOLEAN_OPERATION node (their
   * order kept, each where it was on the page), which takes the fills of the first node that has some.
   */
  union(nodes: ReadonlyArray<FakeBaseNode>, parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }, index?: number): FakeBooleanOperationNode {
    return this.booleanGroup('union', 'UNION', nodes, parent, index);
  }
  subtract(nodes: ReadonlyArray<FakeBaseNode>, parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }, index?: number): FakeBooleanOperationNode {
    return this.booleanGroup('subtract', 'SUBTRACT', nodes, parent, index);
  }
  intersect(nodes: ReadonlyArray<FakeBaseNode>, parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }, index?: number): FakeBooleanOperationNode {
    return this.booleanGroup('intersect', 'INTERSECT', nodes, parent, index);
  }
  exclude(nodes: ReadonlyArray<FakeBaseNode>, parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }, index?: number): FakeBooleanOperationNode {
    return this.booleanGroup('exclude', 'EXCLUDE', nodes, parent, index);
  }

  private booleanGroup(
    fn: string,
    operation: BooleanOperation,
    nodes: ReadonlyArray<FakeBaseNode>,
    parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void },
    index: number | undefined,
  ): FakeBooleanOperationNode {
    const fills = (nodes as FakeBaseNode[]).find((n) => 'fills' in n && n instanceof FakeSceneNode && !n.removed)?._s.fills;
    const b = this.combine<FakeBooleanOperationNode>(fn, 'BOOLEAN_OPERATION', nodes, parent, index);
    b._s.booleanOperation = operation;
    b._s.name = operation.charAt(0) + operation.slice(1).toLowerCase();
    if (fills) b._s.fills = fills;
    this.doc.changed();
    return b;
  }

  private combine<T extends FakeGroupNode | FakeBooleanOperationNode>(
    fn: string,
    kind: 'GROUP' | 'BOOLEAN_OPERATION',
    nodes: ReadonlyArray<FakeBaseNode>,
    parent: FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void },
    index: number | undefined,
  ): T {
    if (!Array.isArray(nodes) || nodes.length === 0) throw new Error(`in ${fn}: First argument must be an array of at least one node`);
    for (const n of nodes) {
      if (!(n instanceof FakeSceneNode) || n.removed) throw new Error(`in ${fn}: Expected an array of existing SceneNodes`);
    }
    if (!parent || !('insertChild' in parent)) throw new Error(`in ${fn}: Second argument must be a node that can have children`);
    const g = this.doc.create<T>(kind);
    parent.insertChild(index ?? parent._s.children.length, g);
    const container = containerOf(g);
    const containerAbs = container && container.type !== 'PAGE' && container.type !== 'DOCUMENT' ? (container as FakeSceneNode)._absoluteTransform() : null;
    for (const n of nodes as FakeSceneNode[]) {
      const abs = n._absoluteTransform();
      g.appendChild(n);
      // Keep the node where it was on the page (its container parent may have changed).
      n._setRelativeTransform(containerAbs ? multiply(invert(containerAbs), abs) : abs);
    }
    this.doc.changed();
    return g;
  }

  ungroup(node: FakeGroupNode): FakeSceneNode[] {
    const parent = node.parent as (FakeBaseNode & { insertChild(i: number, c: FakeBaseNode): void }) | null;
    if (!parent) throw new Error('in ungroup: node has no parent');
    let i = parent._s.children.indexOf(node);
    const kids = [...node._s.children] as FakeSceneNode[];
    for (const k of kids) parent.insertChild(i++, k); // group children are container-relative already
    return kids;
  }

  // ---- images -------------------------------------------------------------------------
  createImage(data: Uint8Array): FakeImage {
    return this.doc.images.create(data);
  }
  async createImageAsync(_src: string): Promise<FakeImage> {
    throw new Error('fake figma: createImageAsync(url) is not supported (no network); use createImage(bytes)');
  }
  getImageByHash(hash: string): FakeImage | null {
    return this.doc.images.image(hash);
  }

  // ---- plugin lifecycle -----------------------------------------------------------------
  showUI(html: string, options?: ShowUIOptions): void {
    this.uiBridge.showUI(html, options);
  }
  get ui(): UiBridge['api'] {
    return this.uiBridge.api;
  }
  notify(message: string, options?: NotificationOptions): NotificationHandler {
    return this.notifier.notify(message, options);
  }
  commitUndo(): void {
    this.doc.undo.commit();
  }
  triggerUndo(): void {
    this.doc.undo.undo();
  }
  closePlugin(message?: string): void {
    if (this.run.closed) return;
    if (message) this.notifier.notify(message);
    this.run.closed = true;
    this.run.closeMessage = message;
    this.doc.undo.commit(); // Figma closes the undo step when the plugin ends
    this._events.emit('close');
    this.uiBridge.close();
  }
  openExternal(_url: string): void {}

  on<K extends keyof FakeEvents>(type: K, cb: (...args: FakeEvents[K]) => unknown): void {
    this._events.on(type, cb);
  }
  once<K extends keyof FakeEvents>(type: K, cb: (...args: FakeEvents[K]) => unknown): void {
    this._events.on(type, cb, true);
  }
  off<K extends keyof FakeEvents>(type: K, cb: (...args: FakeEvents[K]) => unknown): void {
    this._events.off(type, cb);
  }

  base64Encode(data: Uint8Array): string {
    let s = '';
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(s);
  }
  base64Decode(data: string): Uint8Array {
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }
}
