/** The left layers panel: the page tree, top layer first (as Figma lists it), click to select. */
import type { FakeBaseNode, FakeFigma, FakeSceneNode } from '../fake-figma/index.js';

const ICONS: Record<string, string> = {
  FRAME: '#',
  COMPONENT: '❖',
  COMPONENT_SET: '❖',
  INSTANCE: '◇',
  SECTION: '§',
  GROUP: '▣',
  RECTANGLE: '▭',
  ELLIPSE: '○',
  POLYGON: '△',
  STAR: '☆',
  VECTOR: '✎',
};

export class LayersPanel {
  private queued = false;

  constructor(
    private readonly list: HTMLElement,
    private readonly fake: FakeFigma,
  ) {
    fake.onDocumentChange(() => this.schedule());
    fake.onSelectionChange(() => this.schedule());
    this.render();
  }

  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.render();
    });
  }

  render(): void {
    const selected = new Set(this.fake.selection.map((n) => n.id));
    const rows: HTMLElement[] = [];
    const walk = (nodes: readonly FakeBaseNode[], depth: number): void => {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const n = nodes[i] as FakeSceneNode;
        rows.push(this.row(n, depth, selected.has(n.id)));
        if ('children' in n) walk((n as unknown as { children: FakeBaseNode[] }).children, depth + 1);
      }
    };
    walk(this.fake.page.children, 0);
    this.list.replaceChildren(...rows);
  }

  private row(n: FakeSceneNode, depth: number, selected: boolean): HTMLElement {
    const row = document.createElement('div');
    row.className = 'layer' + (selected ? ' selected' : '') + (n.visible ? '' : ' hidden-layer');
    row.dataset.id = n.id;
    row.style.paddingLeft = `${10 + depth * 16}px`;
    const icon = document.createElement('span');
    icon.className = 'layer-icon';
    const isImage = 'fills' in n && (n as unknown as { fills: readonly Paint[] }).fills.some((f) => f.type === 'IMAGE');
    icon.textContent = isImage ? '▨' : (ICONS[n.type] ?? '·');
    const name = document.createElement('span');
    name.className = 'layer-name';
    name.textContent = n.name;
    const meta = document.createElement('span');
    meta.className = 'layer-meta';
    meta.textContent = n.id;
    row.append(icon, name, meta);
    row.title = `${n.type} ${n.id}`;
    row.addEventListener('mousedown', (e) => {
      e.preventDefault();
      const sel = [...this.fake.selection];
      if (e.shiftKey) {
        const i = sel.indexOf(n);
        if (i >= 0) sel.splice(i, 1);
        else sel.push(n);
        void this.fake.select(sel);
      } else {
        void this.fake.select([n]);
      }
    });
    return row;
  }
}
