/**
 * The canvas: the fake page rendered by the fake's own software renderer (so what you see
 * is what exportAsync produces), fitted to the viewport, with Figma-style selection and
 * hover outlines. Click selects (shift-click toggles, ⌘/Ctrl-click selects inside groups).
 */
import { apply, invert, unionRects, type FakeBaseNode, type FakeFigma, type FakeSceneNode, type Rect, type Transform } from '../fake-figma/index.js';

const PAD = 48;
const BLUE = '#0d99ff';

export class CanvasView {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d')!;
  private scene: ImageBitmap | HTMLCanvasElement | null = null;
  /** page -> css px */
  private view: Transform = [
    [1, 0, 0],
    [0, 1, 0],
  ];
  private hover: FakeSceneNode | null = null;
  private queued = false;
  private dirtyScene = true;
  /** Milliseconds the last scene render took (shown in the status bar). */
  lastRenderMs = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly fake: FakeFigma,
    private readonly onRendered: (ms: number) => void = () => {},
  ) {
    host.append(this.canvas);
    new ResizeObserver(() => this.invalidate()).observe(host);
    fake.onDocumentChange(() => this.invalidate());
    fake.onSelectionChange(() => this.schedule());
    this.canvas.addEventListener('mousemove', (e) => {
      const n = this.hit(e, e.metaKey || e.ctrlKey);
      if (n !== this.hover) {
        this.hover = n;
        this.schedule();
      }
    });
    this.canvas.addEventListener('mouseleave', () => {
      this.hover = null;
      this.schedule();
    });
    this.canvas.addEventListener('mousedown', (e) => {
      const n = this.hit(e, e.metaKey || e.ctrlKey);
      const sel = [...this.fake.selection];
      if (e.shiftKey) {
        if (!n) return;
        const i = sel.indexOf(n);
        if (i >= 0) sel.splice(i, 1);
        else sel.push(n);
        void this.fake.select(sel);
      } else {
        void this.fake.select(n ? [n] : []);
      }
    });
  }

  /** Page point under a mouse event (for tests and debugging). */
  pagePoint(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return apply(invert(this.view), clientX - r.left, clientY - r.top);
  }

  /** Client (viewport) coordinates of a page point: lets tests click on a node. */
  clientPoint(x: number, y: number): { x: number; y: number } {
    // Nodes added since the last frame change the fit: draw now, so the point and the next click's hit agree.
    if (this.dirtyScene) this.draw();
    const r = this.canvas.getBoundingClientRect();
    const p = apply(this.view, x, y);
    return { x: r.left + p.x, y: r.top + p.y };
  }

  invalidate(): void {
    this.dirtyScene = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.draw();
    });
  }

  private draw(): void {
    const cssW = this.host.clientWidth;
    const cssH = this.host.clientHeight;
    if (cssW === 0 || cssH === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(cssW * dpr);
    const ph = Math.round(cssH * dpr);
    if (this.canvas.width !== pw || this.canvas.height !== ph) {
      this.canvas.width = pw;
      this.canvas.height = ph;
      this.canvas.style.width = `${cssW}px`;
      this.canvas.style.height = `${cssH}px`;
      this.dirtyScene = true;
    }
    if (this.dirtyScene) this.renderScene(cssW, cssH);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pw, ph);
    if (this.scene) ctx.drawImage(this.scene, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const selected = this.fake.selection;
    if (this.hover && !selected.includes(this.hover)) this.outline(this.hover, 1);
    for (const n of selected) this.outline(n, 1.5, true);
    if (selected.length === 1) this.sizeLabel(selected[0]!);
  }

  private renderScene(cssW: number, cssH: number): void {
    const t0 = performance.now();
    const content =
      unionRects(this.fake.page.children.map((c) => (c as FakeSceneNode).absoluteRenderBounds)) ?? { x: 0, y: 0, width: 800, height: 600 };
    const scale = Math.min((cssW - PAD * 2) / content.width, (cssH - PAD * 2) / content.height, 2);
    const ox = (cssW - content.width * scale) / 2 - content.x * scale;
    const oy = (cssH - content.height * scale) / 2 - content.y * scale;
    this.view = [
      [scale, 0, ox],
      [0, scale, oy],
    ];
    const region: Rect = { x: -ox / scale, y: -oy / scale, width: cssW / scale, height: cssH / scale };
    const img = this.fake.renderPage({ region, width: this.canvas.width, height: this.canvas.height });
    const off = document.createElement('canvas');
    off.width = img.width;
    off.height = img.height;
    off.getContext('2d')!.putImageData(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, img.width, img.height), 0, 0);
    this.scene = off;
    this.dirtyScene = false;
    this.lastRenderMs = performance.now() - t0;
    this.onRendered(this.lastRenderMs);
  }

  private corners(n: FakeSceneNode): { x: number; y: number }[] {
    const t = n.absoluteTransform;
    const { width: w, height: h } = n;
    return [apply(t, 0, 0), apply(t, w, 0), apply(t, w, h), apply(t, 0, h)].map((p) => apply(this.view, p.x, p.y));
  }

  private outline(n: FakeSceneNode, width: number, handles = false): void {
    if (n.removed) return;
    const ctx = this.ctx;
    const pts = this.corners(n);
    ctx.beginPath();
    pts.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
    ctx.strokeStyle = BLUE;
    ctx.lineWidth = width;
    ctx.stroke();
    if (!handles) return;
    for (const p of pts) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(p.x - 3.5, p.y - 3.5, 7, 7);
      ctx.strokeStyle = BLUE;
      ctx.lineWidth = 1;
      ctx.strokeRect(p.x - 3.5, p.y - 3.5, 7, 7);
    }
  }

  private sizeLabel(n: FakeSceneNode): void {
    const pts = this.corners(n);
    const bottom = Math.max(...pts.map((p) => p.y));
    const cx = pts.reduce((s, p) => s + p.x, 0) / 4;
    const text = `${fmt(n.width)} × ${fmt(n.height)}`;
    const ctx = this.ctx;
    ctx.font = '11px Inter, system-ui, sans-serif';
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = BLUE;
    roundRect(ctx, cx - w / 2, bottom + 6, w, 18, 2);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, cx - w / 2 + 5, bottom + 15);
  }

  /** Topmost node under the pointer, resolved to what a click selects in Figma. */
  private hit(e: MouseEvent, deep: boolean): FakeSceneNode | null {
    const p = this.pagePoint(e.clientX, e.clientY);
    const leaf = hitNode(this.fake.page.children as FakeSceneNode[], p.x, p.y);
    if (!leaf || deep) return leaf;
    // A click selects the outermost group around the hit layer (double-click enters it in Figma).
    let pick: FakeSceneNode = leaf;
    // An instance is picked whole, like a group: its layers are reached with ⌘/Ctrl-click.
    for (let a: FakeBaseNode | null = leaf.parent; a && a.type !== 'PAGE'; a = a.parent) {
      if (a.type === 'GROUP' || a.type === 'INSTANCE') pick = a as FakeSceneNode;
      if (FRAME_LIKE.has(a.type) && a.type !== 'INSTANCE') break;
    }
    return pick;
  }
}

/** Nodes with a box of their own around their children (a click on their empty area selects them). */
const FRAME_LIKE: ReadonlySet<string> = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'SECTION']);

export function hitNode(nodes: readonly FakeSceneNode[], x: number, y: number): FakeSceneNode | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!n.visible) continue;
    const local = apply(invert(n.absoluteTransform), x, y);
    const inside = local.x >= 0 && local.y >= 0 && local.x <= n.width && local.y <= n.height;
    if ('children' in n) {
      const clips = FRAME_LIKE.has(n.type) && (n as unknown as { clipsContent: boolean }).clipsContent;
      if (!clips || inside) {
        const c = hitNode((n as unknown as { children: FakeSceneNode[] }).children, x, y);
        if (c) return c;
      }
      if (FRAME_LIKE.has(n.type) && inside) return n;
      continue;
    }
    if (!inside) continue;
    if (n.type === 'ELLIPSE') {
      const dx = (local.x - n.width / 2) / (n.width / 2);
      const dy = (local.y - n.height / 2) / (n.height / 2);
      if (dx * dx + dy * dy > 1) continue;
    }
    return n;
  }
  return null;
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}
