/**
 * SVG path data as Figma writes it in `fillGeometry`, `strokeGeometry` and `vectorPaths`: parse (absolute and
 * relative M, L, H, V, C, S, Q, T, Z), map through an affine matrix, write back (absolute M, L, C, Q, Z), and
 * flatten to polygons for area checks. Pure: no Figma calls; the UI draws the same strings with Path2D.
 */
import { apply, type Matrix, type Point } from './affine.js';

export type Segment =
  | { op: 'M' | 'L'; x: number; y: number }
  | { op: 'Q'; x1: number; y1: number; x: number; y: number }
  | { op: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { op: 'Z' };

const TOKEN = /([MmLlHhVvCcSsQqTtZzAa])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/g;

export function parsePathData(data: string): Segment[] {
  const tokens: (string | number)[] = [];
  for (const match of data.matchAll(TOKEN)) tokens.push(match[1] ?? Number(match[2]));
  const out: Segment[] = [];
  let i = 0;
  let command = '';
  let cx = 0;
  let cy = 0;
  let startX = 0;
  let startY = 0;
  let lastControl: Point | null = null;
  let lastCurve = '';
  const num = (): number => {
    const token = tokens[i++];
    if (typeof token !== 'number') throw new Error(`Bad path data near token ${i - 1}: ${data.slice(0, 80)}`);
    return token;
  };
  while (i < tokens.length) {
    const token = tokens[i];
    if (typeof token === 'string') {
      command = token;
      i++;
    } else if (command === '' || command.toUpperCase() === 'Z') {
      throw new Error(`Path data must start with a command: ${data.slice(0, 80)}`);
    }
    const relative = command !== command.toUpperCase();
    const ox = relative ? cx : 0;
    const oy = relative ? cy : 0;
    const upper = command.toUpperCase();
    let control: Point | null = null;
    switch (upper) {
      case 'M':
        cx = ox + num();
        cy = oy + num();
        startX = cx;
        startY = cy;
        out.push({ op: 'M', x: cx, y: cy });
        command = relative ? 'l' : 'L';
        break;
      case 'L':
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'L', x: cx, y: cy });
        break;
      case 'H':
        cx = ox + num();
        out.push({ op: 'L', x: cx, y: cy });
        break;
      case 'V':
        cy = oy + num();
        out.push({ op: 'L', x: cx, y: cy });
        break;
      case 'C':
      case 'S': {
        const reflected: Point = lastControl !== null && lastCurve === 'C' ? { x: 2 * cx - lastControl.x, y: 2 * cy - lastControl.y } : { x: cx, y: cy };
        const first: Point = upper === 'C' ? { x: ox + num(), y: oy + num() } : reflected;
        const x2 = ox + num();
        const y2 = oy + num();
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'C', x1: first.x, y1: first.y, x2, y2, x: cx, y: cy });
        control = { x: x2, y: y2 };
        break;
      }
      case 'Q':
      case 'T': {
        const reflected: Point = lastControl !== null && lastCurve === 'Q' ? { x: 2 * cx - lastControl.x, y: 2 * cy - lastControl.y } : { x: cx, y: cy };
        const first: Point = upper === 'Q' ? { x: ox + num(), y: oy + num() } : reflected;
        cx = ox + num();
        cy = oy + num();
        out.push({ op: 'Q', x1: first.x, y1: first.y, x: cx, y: cy });
        control = first;
        break;
      }
      case 'Z':
        out.push({ op: 'Z' });
        cx = startX;
        cy = startY;
        command = '';
        break;
      default:
        throw new Error(`Unsupported path command "${command}" (Figma writes no arcs).`);
    }
    lastControl = control;
    lastCurve = control === null ? '' : upper === 'S' ? 'C' : upper === 'T' ? 'Q' : upper;
  }
  return out;
}

export function transformSegments(segments: readonly Segment[], m: Matrix): Segment[] {
  return segments.map((s): Segment => {
    switch (s.op) {
      case 'M':
      case 'L': {
        const p = apply(m, s.x, s.y);
        return { op: s.op, x: p.x, y: p.y };
      }
      case 'Q': {
        const c = apply(m, s.x1, s.y1);
        const p = apply(m, s.x, s.y);
        return { op: 'Q', x1: c.x, y1: c.y, x: p.x, y: p.y };
      }
      case 'C': {
        const c1 = apply(m, s.x1, s.y1);
        const c2 = apply(m, s.x2, s.y2);
        const p = apply(m, s.x, s.y);
        return { op: 'C', x1: c1.x, y1: c1.y, x2: c2.x, y2: c2.y, x: p.x, y: p.y };
      }
      case 'Z':
        return s;
    }
  });
}

const format = (v: number): string => {
  const rounded = Math.round(v * 1000) / 1000;
  return String(rounded === 0 ? 0 : rounded);
};

/** Absolute commands, spaces between tokens, 3 decimals (a thousandth of a pixel). */
export function writePathData(segments: readonly Segment[]): string {
  return segments
    .map((s) => {
      switch (s.op) {
        case 'M':
        case 'L':
          return `${s.op} ${format(s.x)} ${format(s.y)}`;
        case 'Q':
          return `Q ${format(s.x1)} ${format(s.y1)} ${format(s.x)} ${format(s.y)}`;
        case 'C':
          return `C ${format(s.x1)} ${format(s.y1)} ${format(s.x2)} ${format(s.y2)} ${format(s.x)} ${format(s.y)}`;
        case 'Z':
          return 'Z';
      }
    })
    .join(' ');
}

/** Path data mapped through `m`, written back as path data. */
export function transformPathData(data: string, m: Matrix): string {
  return writePathData(transformSegments(parsePathData(data), m));
}

/** Closed polygons (fills close open subpaths), curves cut into chords at most `tolerance` off. */
export function flattenSegments(segments: readonly Segment[], tolerance = 0.25): Point[][] {
  const polygons: Point[][] = [];
  let current: Point[] = [];
  let cx = 0;
  let cy = 0;
  const flush = () => {
    if (current.length > 2) polygons.push(current);
    current = [];
  };
  for (const s of segments) {
    if (s.op === 'M') {
      flush();
      current.push({ x: s.x, y: s.y });
    } else if (s.op === 'Z') {
      const first = current[0];
      flush();
      if (first !== undefined) {
        cx = first.x;
        cy = first.y;
      }
      continue;
    } else {
      if (current.length === 0) current.push({ x: cx, y: cy });
      if (s.op === 'L') {
        current.push({ x: s.x, y: s.y });
      } else if (s.op === 'Q' || s.op === 'C') {
        const c1 = s.op === 'Q' ? { x: cx + (2 / 3) * (s.x1 - cx), y: cy + (2 / 3) * (s.y1 - cy) } : { x: s.x1, y: s.y1 };
        const c2 = s.op === 'Q' ? { x: s.x + (2 / 3) * (s.x1 - s.x), y: s.y + (2 / 3) * (s.y1 - s.y) } : { x: s.x2, y: s.y2 };
        const deviation = Math.max(Math.hypot(cx - 2 * c1.x + c2.x, cy - 2 * c1.y + c2.y), Math.hypot(c1.x - 2 * c2.x + s.x, c1.y - 2 * c2.y + s.y));
        const steps = Math.min(256, Math.max(2, Math.ceil(Math.sqrt((0.75 * deviation) / tolerance))));
        for (let k = 1; k <= steps; k++) {
          const t = k / steps;
          const u = 1 - t;
          current.push({
            x: u * u * u * cx + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * s.x,
            y: u * u * u * cy + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * s.y,
          });
        }
      }
    }
    cx = s.x;
    cy = s.y;
  }
  flush();
  return polygons;
}
