/**
 * SVG path data as Figma's VectorPath.data uses it: parse (absolute and relative
 * M/L/H/V/C/S/Q/T/Z), serialize, transform and flatten to polygons for filling.
 * Arcs (A) are rejected: Figma itself never emits them in vectorPaths/fillGeometry.
 */
import { apply, type Point, type Rect, type Transform, boundsOfPoints } from './matrix.js';

export type Segment =
  | { op: 'M'; x: number; y: number }
  | { op: 'L'; x: number; y: number }
  | { op: 'Q'; x1: number; y1: number; x: number; y: number }
  | { op: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { op: 'Z' };

const TOKEN = /([MmLlHhVvCcSsQqTtZzAa])|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/g;

export function parsePath(data: string): Segment[] {
  const tokens: (string | number)[] = [];
  for (const m of data.matchAll(TOKEN)) tokens.push(m[1] ?? Number(m[2]));
  const out: Segment[] = [];
  let i = 0;
  let cmd = '';
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let lastCtrl: Point | null = null; // for S/T reflection
  let lastOp = '';
  const num = (): number => {
    const t = tokens[i++];
    if (typeof t !== 'number') throw new Error(`fake figma: bad path data near token ${i - 1}: ${data}`);
    return t;
  };
  while (i < tokens.length) {
    const t = tokens[i];
    if (typeof t === 'string') {
      cmd = t;
      i++;
    } else if (cmd === '' || cmd === 'Z' || cmd === 'z') {
      throw new Error(`fake figma: path data must start with a command: ${data}`);
    }
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? cx : 0;
    const oy = rel ? cy : 0;
    switch (cmd.toUpperCase()) {
      case 'M': {
        cx = ox + num();
        cy = oy + num();
        sx = cx;
        sy = cy;
        out.push({ op: 'M', x: cx, y: cy });
        cmd = rel ? 'l' : 'L'; // implicit lineto after the first pair
        lastCtrl = null;
        lastOp = 'M';
        continue;
      }
      case 'L':
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'L', x: cx, y: cy });
        lastCtrl = null;
        break;
      case 'H':
        cx = ox + num();
        out.push({ op: 'L', x: cx, y: cy });
        lastCtrl = null;
        break;
      case 'V':
        cy = oy + num();
        out.push({ op: 'L', x: cx, y: cy });
        lastCtrl = null;
        break;
      case 'C': {
        const x1 = ox + num();
        const y1 = oy + num();
        const x2 = ox + num();
        const y2 = oy + num();
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'C', x1, y1, x2, y2, x: cx, y: cy });
        lastCtrl = { x: x2, y: y2 };
        lastOp = 'C';
        continue;
      }
      case 'S': {
        const r: Point = lastCtrl && lastOp === 'C' ? { x: 2 * cx - lastCtrl.x, y: 2 * cy - lastCtrl.y } : { x: cx, y: cy };
        const x2 = ox + num();
        const y2 = oy + num();
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'C', x1: r.x, y1: r.y, x2, y2, x: cx, y: cy });
        lastCtrl = { x: x2, y: y2 };
        lastOp = 'C';
        continue;
      }
      case 'Q': {
        const x1 = ox + num();
        const y1 = oy + num();
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'Q', x1, y1, x: cx, y: cy });
        lastCtrl = { x: x1, y: y1 };
        lastOp = 'Q';
        continue;
      }
      case 'T': {
        const r: Point = lastCtrl && lastOp === 'Q' ? { x: 2 * cx - lastCtrl.x, y: 2 * cy - lastCtrl.y } : { x: cx, y: cy };
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'Q', x1: r.x, y1: r.y, x: cx, y: cy });
        lastCtrl = r;
        lastOp = 'Q';
        continue;
      }
      case 'Z':
        out.push({ op: 'Z' });
        cx = sx;
        cy = sy;
        lastCtrl = null;
        cmd = '';
        break;
      case 'A':
        throw new Error('fake figma: arc commands (A) are not supported in path data; use C');
      default:
        throw new Error(`fake figma: unknown path command ${cmd}`);
    }
    lastOp = cmd.toUpperCase();
  }
  return out;
}

const fmt = (v: number): string => {
  const r = Math.round(v * 1e4) / 1e4;
  return String(r === 0 ? 0 : r);
};

/** Figma writes path data with spaces between every token: "M 0 0 L 10 0 Z". */
export function serializePath(segments: readonly Segment[]): string {
  return segments
    .map((s) => {
      switch (s.op) {
        case 'M':
        case 'L':
          return `${s.op} ${fmt(s.x)} ${fmt(s.y)}`;
        case 'Q':
          return `Q ${fmt(s.x1)} ${fmt(s.y1)} ${fmt(s.x)} ${fmt(s.y)}`;
        case 'C':
          return `C ${fmt(s.x1)} ${fmt(s.y1)} ${fmt(s.x2)} ${fmt(s.y2)} ${fmt(s.x)} ${fmt(s.y)}`;
        case 'Z':
          return 'Z';
      }
    })
    .join(' ');
}

export function mapPath(segments: readonly Segment[], f: (x: number, y: number) => Point): Segment[] {
  return segments.map((s): Segment => {
    switch (s.op) {
      case 'M':
      case 'L': {
        const p = f(s.x, s.y);
        return { op: s.op, x: p.x, y: p.y };
      }
      case 'Q': {
        const a = f(s.x1, s.y1);
        const p = f(s.x, s.y);
        return { op: 'Q', x1: a.x, y1: a.y, x: p.x, y: p.y };
      }
      case 'C': {
        const a = f(s.x1, s.y1);
        const b = f(s.x2, s.y2);
        const p = f(s.x, s.y);
        return { op: 'C', x1: a.x, y1: a.y, x2: b.x, y2: b.y, x: p.x, y: p.y };
      }
      case 'Z':
        return s;
    }
  });
}

export function transformPath(segments: readonly Segment[], t: Transform): Segment[] {
  return mapPath(segments, (x, y) => apply(t, x, y));
}

/**
 * Flatten to closed polygons (fills close open subpaths implicitly, as SVG does).
 * `tolerance` is the max chord error in output units.
 */
export function flattenPath(segments: readonly Segment[], tolerance = 0.2): Point[][] {
  const polys: Point[][] = [];
  let cur: Point[] = [];
  let cx = 0;
  let cy = 0;
  const flush = (): void => {
    if (cur.length > 2) polys.push(cur);
    cur = [];
  };
  for (const s of segments) {
    switch (s.op) {
      case 'M':
        flush();
        cur.push({ x: s.x, y: s.y });
        cx = s.x;
        cy = s.y;
        break;
      case 'L':
        if (cur.length === 0) cur.push({ x: cx, y: cy });
        cur.push({ x: s.x, y: s.y });
        cx = s.x;
        cy = s.y;
        break;
      case 'Q':
      case 'C': {
        if (cur.length === 0) cur.push({ x: cx, y: cy });
        const c1 = s.op === 'Q' ? { x: cx + (2 / 3) * (s.x1 - cx), y: cy + (2 / 3) * (s.y1 - cy) } : { x: s.x1, y: s.y1 };
        const c2 = s.op === 'Q' ? { x: s.x + (2 / 3) * (s.x1 - s.x), y: s.y + (2 / 3) * (s.y1 - s.y) } : { x: s.x2, y: s.y2 };
        // Subdivision count from the control polygon's deviation (Wang's formula, roughly).
        const dd = Math.max(
          Math.hypot(cx - 2 * c1.x + c2.x, cy - 2 * c1.y + c2.y),
          Math.hypot(c1.x - 2 * c2.x + s.x, c1.y - 2 * c2.y + s.y),
        );
        const n = Math.min(256, Math.max(2, Math.ceil(Math.sqrt((0.75 * dd) / tolerance))));
        for (let k = 1; k <= n; k++) {
          const t = k / n;
          const u = 1 - t;
          cur.push({
            x: u * u * u * cx + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * s.x,
            y: u * u * u * cy + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * s.y,
          });
        }
        cx = s.x;
        cy = s.y;
        break;
      }
      case 'Z': {
        const first = cur[0];
        flush();
        if (first) {
          cx = first.x;
          cy = first.y;
        }
        break;
      }
    }
  }
  flush();
  return polys;
}

/** Bounds of the flattened geometry (tight for curves, unlike control-point bounds). */
export function pathBounds(segments: readonly Segment[]): Rect | null {
  const pts = flattenPath(segments, 0.01).flat();
  if (pts.length === 0) {
    const ends = segments.flatMap((s) => (s.op === 'Z' ? [] : [{ x: s.x, y: s.y }]));
    return ends.length ? boundsOfPoints(ends) : null;
  }
  return boundsOfPoints(pts);
}
