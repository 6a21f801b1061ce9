/**
 * The document model behind one fake `figma`: node registry and ids, change notification,
 * undo journal, selection events and the image store. Nodes talk to it via NodeContext.
 */
import { ImageStore, type ImageDecoder } from './images.js';
import type { FakeBaseNode } from './nodes/base.js';
import {
  FakeBooleanOperationNode,
  FakeComponentNode,
  FakeDocumentNode,
  FakeEllipseNode,
  FakeFrameNode,
  FakeGroupNode,
  FakePageNode,
  FakePolygonNode,
  FakeRectangleNode,
  FakeSectionNode,
  FakeStarNode,
  FakeVectorNode,
} from './nodes/kinds.js';
import type { FakeSceneNode, ExportSettingsLike } from './nodes/scene.js';
import type { NodeContext } from './nodes/state.js';
import { normalizePaints } from './nodes/paints.js';
import { exportNodePng } from './raster/export.js';
import { UndoJournal } from './undo.js';

export class FakeDocument implements NodeContext {
  readonly images: ImageStore;
  readonly undo: UndoJournal;
  readonly root: FakeDocumentNode;
  /** figma.currentPage. */
  private current: FakePageNode;
  /** Bumped on every document change (the harness redraws when it moves). */
  version = 0;
  private readonly nodes = new Map<string, FakeBaseNode>();
  private counter = 1;
  private readonly changeListeners = new Set<() => void>();
  private readonly selectionListeners = new Set<() => void>();
  private changeQueued = false;
  private selectionQueued = false;

  constructor(decoder?: ImageDecoder) {
    this.images = new ImageStore(decoder);
    this.undo = new UndoJournal(
      () => this.nodes.values(),
      () => {
        this.pruneSelections();
        this.bump();
      },
    );
    this.root = new FakeDocumentNode(this, 'Document', '0:0');
    this.current = new FakePageNode(this, 'Page 1', '0:1');
    this.root.appendChild(this.current);
    this.undo.reset();
  }

  get page(): FakePageNode {
    return this.current;
  }
  get pages(): FakePageNode[] {
    return this.root._s.children as FakePageNode[];
  }
  /** A new page at the end of the document (as figma.createPage()). */
  addPage(name: string): FakePageNode {
    const page = new FakePageNode(this, name);
    this.root.appendChild(page);
    return page;
  }
  /** Switches the current page; it is loaded from then on. */
  setCurrentPage(page: FakePageNode): void {
    page._loaded = true;
    this.current = page;
  }
  /** A plugin starts with only the current page loaded (documentAccess: dynamic-page). */
  unloadOtherPages(): void {
    for (const page of this.pages) page._loaded = page === this.current;
  }
  currentPage(): FakePageNode {
    return this.current;
  }

  // ---- NodeContext ----------------------------------------------------------------
  nextId(): string {
    return `1:${++this.counter}`;
  }
  register(node: FakeBaseNode): void {
    this.nodes.set(node.id, node);
  }
  changed(): void {
    this.undo.dirty = true;
    this.bump();
  }
  nodeRemoved(): void {
    // Selection is pruned lazily (the getter filters) and eagerly on the next microtask.
    queueMicrotask(() => this.pruneSelections());
  }
  /** Coalesced per microtask, like Figma's async selectionchange. */
  selectionChanged(): void {
    if (this.selectionQueued) return;
    this.selectionQueued = true;
    queueMicrotask(() => {
      this.selectionQueued = false;
      for (const l of [...this.selectionListeners]) l();
    });
  }
  exportNode(node: FakeBaseNode, settings: unknown): Promise<Uint8Array> {
    return exportNodePng(node as FakeSceneNode, this.images, settings as ExportSettingsLike);
  }

  // ---- document API -----------------------------------------------------------------
  /** A live node by id, or null (removed nodes are gone, as in Figma). */
  getNode(id: string): FakeBaseNode | null {
    const n = this.nodes.get(id);
    return n && !n.removed ? n : null;
  }

  allNodes(): FakeBaseNode[] {
    return [...this.nodes.values()];
  }

  onChange(cb: () => void): () => void {
    this.changeListeners.add(cb);
    return () => this.changeListeners.delete(cb);
  }

  onSelectionChange(cb: () => void): () => void {
    this.selectionListeners.add(cb);
    return () => this.selectionListeners.delete(cb);
  }

  /** New nodes are appended to the current page, as figma.createX() does. */
  create<T extends FakeSceneNode>(kind: 'RECTANGLE' | 'FRAME' | 'COMPONENT' | 'SECTION' | 'ELLIPSE' | 'POLYGON' | 'STAR' | 'VECTOR' | 'GROUP' | 'BOOLEAN_OPERATION'): T {
    let n: FakeSceneNode;
    switch (kind) {
      case 'RECTANGLE':
        n = new FakeRectangleNode(this, 'Rectangle');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }]);
        break;
      case 'FRAME':
        n = new FakeFrameNode(this, 'Frame');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }]);
        n._s.clipsContent = true;
        break;
      case 'COMPONENT':
        n = new FakeComponentNode(this, 'Component');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }]);
        n._s.clipsContent = true;
        break;
      case 'SECTION':
        n = new FakeSectionNode(this, 'Section');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }]);
        break;
      case 'ELLIPSE':
        n = new FakeEllipseNode(this, 'Ellipse');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }]);
        break;
      case 'POLYGON':
        n = new FakePolygonNode(this, 'Polygon');
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }]);
        break;
      case 'STAR':
        n = new FakeStarNode(this, 'Star');
        n._s.pointCount = 5;
        n._s.fills = normalizePaints([{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }]);
        break;
      case 'VECTOR':
        n = new FakeVectorNode(this, 'Vector');
        n._s.width = 0;
        n._s.height = 0;
        break;
      case 'GROUP':
        n = new FakeGroupNode(this, 'Group');
        return n as T; // the caller attaches it
      case 'BOOLEAN_OPERATION':
        n = new FakeBooleanOperationNode(this, 'Union');
        return n as T; // the caller attaches it
    }
    this.current.appendChild(n);
    return n as T;
  }

  private pruneSelections(): void {
    for (const page of this.pages) page._pruneSelection();
  }

  private bump(): void {
    this.version++;
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      for (const l of [...this.changeListeners]) l();
    });
  }
}
