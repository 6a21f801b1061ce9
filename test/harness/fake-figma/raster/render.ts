/// <reference types="@figma/plugin-typings" />
/**
 * Software renderer for the fake document: draws a node tree into a premultiplied float
 * surface through a page->pixel `view` transform. Shapes are filled by coverage
 * rasterization; frames with clipsContent clip their children; node opacity composites a layer.
 */
import type { ImageStore } from '../images.js';
import { invert, multiply, type Transform } from '../matrix.js';
import { AUTO_LAYOUT_TYPES, type FakeBaseNode } from '../nodes/base.js';
import type { FakeSceneNode } from '../nodes/scene.js';
import { flattenPath, transformPath, type Segment } from '../path.js';
import { combineCoverage, emptyCoverage, intersectCoverage, rasterizePolygons, type Coverage } from './coverage.js';
import { applyImageFilters, imageMapper, sampleBilinear } from './image-sampler.js';
import { compositeSurface, createSurface, type Surface } from './rgba.js';

type FillPath = { windingRule: 'NONZERO' | 'EVENODD'; segments: Segment[] };
type Fillable = FakeSceneNode & { fills: ReadonlyArray<Paint>; strokes: ReadonlyArray<Paint>; _fillPaths(): FillPath[]; _strokePaths(): FillPath[] | null };

export interface RenderContext {
  images: ImageStore;
  /** page -> surface pixels */
  view: Transform;
}

export function renderNode(node: FakeBaseNode, surface: Surface, ctx: RenderContext, clip: Coverage | null = null): void {
  const scene = node as FakeSceneNode;
  if (node.type !== 'PAGE' && node.type !== 'DOCUMENT' && !scene._s.visible) return;
  const opacity = node.type === 'PAGE' || node.type === 'DOCUMENT' ? 1 : scene._s.opacity;
  if (opacity <= 0) return;
  if (opacity < 1) {
    const layer = createSurface(surface.width, surface.height);
    drawNode(scene, layer, ctx, clip);
    compositeSurface(surface, layer, opacity);
    return;
  }
  drawNode(scene, surface, ctx, clip);
}

function drawNode(node: FakeSceneNode, surface: Surface, ctx: RenderContext, clip: Coverage | null): void {
  if (node.type === 'BOOLEAN_OPERATION') {
    // One shape: its fills over the combined outline; the children are operands, not drawn themselves.
    const n = node as Fillable;
    const toPixels = multiply(ctx.view, n._absoluteTransform());
    const cov = intersectOrSelf(clip, regionCoverage(node, ctx, surface));
    for (const paint of n.fills) if (paint.visible !== false) paintOver(surface, cov, paint, n, toPixels, ctx);
    return;
  }
  let childClip = clip;
  if ('_fillPaths' in node) {
    const n = node as Fillable;
    const toPixels = multiply(ctx.view, n._absoluteTransform());
    const cov = intersectOrSelf(clip, outlineCoverage(n._fillPaths(), toPixels, surface));
    for (const paint of n.fills) if (paint.visible !== false) paintOver(surface, cov, paint, n, toPixels, ctx);
    const ring = n._strokePaths();
    if (ring !== null) {
      const strokeCov = intersectOrSelf(clip, outlineCoverage(ring, toPixels, surface));
      for (const paint of n.strokes) if (paint.visible !== false) paintOver(surface, strokeCov, paint, n, toPixels, ctx);
    }
    if (AUTO_LAYOUT_TYPES.has(node.type) && node._s.clipsContent) childClip = cov;
  }
  // plugin-api.d.ts, isMask: "a mask node masks all of its subsequent siblings": it is not drawn itself, and
  // the layers above it show only inside its outline (the fake masks by outline, as maskType "VECTOR").
  for (const c of node._s.children) {
    if (c._s.isMask && c._s.visible) {
      childClip = intersectOrSelf(childClip, regionCoverage(c as FakeSceneNode, ctx, surface));
      continue;
    }
    renderNode(c, surface, ctx, childClip);
  }
}

/** Where a node's outline is, in surface pixels (boolean operations combine their visible children's). */
function regionCoverage(node: FakeSceneNode, ctx: RenderContext, surface: Surface): Coverage {
  if (!node._s.visible) return emptyCoverage();
  const kids = (node._s.children as FakeSceneNode[]).filter((c) => c._s.visible);
  if (node.type === 'GROUP') return kids.map((c) => regionCoverage(c, ctx, surface)).reduce((a, b) => combineCoverage(a, b, 'union', Math.max), emptyCoverage());
  if (node.type === 'BOOLEAN_OPERATION') {
    const op = node._s.booleanOperation;
    if (op === 'UNION' && !hasClippingBoolean(node)) {
      // Exact: the union's own outline (no seams where children meet).
      return pathsCoverage((node as Fillable)._fillPaths(), multiply(ctx.view, node._absoluteTransform()), surface);
    }
    const [first, ...rest] = kids.map((c) => regionCoverage(c, ctx, surface));
    if (first === undefined) return emptyCoverage();
    if (op === 'UNION') return rest.reduce((a, b) => combineCoverage(a, b, 'union', Math.max), first);
    if (op === 'INTERSECT') return rest.reduce((a, b) => combineCoverage(a, b, 'both', (x, y) => x * y), first);
    if (op === 'EXCLUDE') return rest.reduce((a, b) => combineCoverage(a, b, 'union', (x, y) => x + y - 2 * x * y), first);
    const others = rest.reduce((a, b) => combineCoverage(a, b, 'union', Math.max), emptyCoverage());
    return combineCoverage(first, others, 'first', (x, y) => x * (1 - y));
  }
  if (!('_fillPaths' in node)) return emptyCoverage();
  return outlineCoverage((node as Fillable)._fillPaths(), multiply(ctx.view, node._absoluteTransform()), surface);
}

/** A SUBTRACT, INTERSECT or EXCLUDE under `node`: its outline then has no path data in the fake. */
function hasClippingBoolean(node: FakeBaseNode): boolean {
  return node._s.children.some((c) => (c.type === 'BOOLEAN_OPERATION' && c._s.booleanOperation !== 'UNION') || hasClippingBoolean(c));
}

/** Each path filled with its own winding rule, unioned (as Figma draws a shape's several VectorPaths). */
function pathsCoverage(paths: FillPath[], toPixels: Transform, surface: Surface): Coverage {
  return paths.map((p) => outlineCoverage([p], toPixels, surface)).reduce((a, b) => combineCoverage(a, b, 'union', Math.max), emptyCoverage());
}

function intersectOrSelf(clip: Coverage | null, cov: Coverage): Coverage {
  return clip ? intersectCoverage(clip, cov) : cov;
}

function outlineCoverage(paths: FillPath[], toPixels: Transform, surface: Surface): Coverage {
  const polys = paths.flatMap((p) => flattenPath(transformPath(p.segments, toPixels), 0.1));
  const rule = paths.every((p) => p.windingRule === 'EVENODD') ? 'EVENODD' : 'NONZERO';
  return rasterizePolygons(polys, surface.width, surface.height, rule);
}

function paintOver(surface: Surface, cov: Coverage, paint: Paint, node: Fillable, toPixels: Transform, ctx: RenderContext): void {
  const paintOpacity = paint.opacity ?? 1;
  const d = surface.data;
  const cw = cov.x1 - cov.x0;
  let shade: (px: number, py: number, out: Float32Array) => void;
  if (paint.type === 'SOLID' || paint.type.startsWith('GRADIENT')) {
    const c =
      paint.type === 'SOLID'
        ? { ...paint.color, a: 1 }
        : ((paint as GradientPaint).gradientStops[0]?.color ?? { r: 0, g: 0, b: 0, a: 0 });
    shade = (_x, _y, out) => {
      out[0] = c.r * c.a;
      out[1] = c.g * c.a;
      out[2] = c.b * c.a;
      out[3] = c.a;
    };
  } else if (paint.type === 'IMAGE') {
    const img = paint.imageHash ? ctx.images.get(paint.imageHash) : undefined;
    if (!img) return;
    const pixels = img.pixels;
    if (!pixels) {
      // Async (JPEG) decode still pending: a neutral placeholder, as Figma shows while loading.
      shade = (_x, _y, out) => {
        out[0] = out[1] = out[2] = 0.85;
        out[3] = 1;
      };
    } else {
      const { width: w, height: h } = node._size();
      const m = imageMapper(paint, w, h, pixels.width, pixels.height);
      const inv = invert(toPixels);
      const unitsPerPixel = Math.sqrt(Math.abs(inv[0][0] * inv[1][1] - inv[0][1] * inv[1][0]));
      // Supersample when one screen pixel covers several texels (cheap minification filter).
      const n = Math.min(4, Math.max(1, Math.ceil(unitsPerPixel * m.texelsPerUnit - 0.5)));
      const tmp = new Float32Array(4);
      const filters = (paint as ImagePaint).filters;
      shade = (px, py, out) => {
        out[0] = out[1] = out[2] = out[3] = 0;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) {
            const x = px + (sx + 0.5) / n;
            const y = py + (sy + 0.5) / n;
            const lx = inv[0][0] * x + inv[0][1] * y + inv[0][2];
            const ly = inv[1][0] * x + inv[1][1] * y + inv[1][2];
            const p = m.map(lx, ly);
            if (!p) continue;
            sampleBilinear(pixels, p.ix, p.iy, m.wrap, tmp);
            out[0]! += tmp[0]!;
            out[1]! += tmp[1]!;
            out[2]! += tmp[2]!;
            out[3]! += tmp[3]!;
          }
        }
        const k = 1 / (n * n);
        out[0]! *= k;
        out[1]! *= k;
        out[2]! *= k;
        out[3]! *= k;
        const alpha = out[3]!;
        if (alpha <= 0 || filters === undefined) return;
        // Filters act on straight colour: unpremultiply, filter, premultiply again.
        for (let c = 0; c < 3; c++) out[c] = out[c]! / alpha;
        applyImageFilters(filters, out);
        for (let c = 0; c < 3; c++) out[c] = out[c]! * alpha;
      };
    }
  } else {
    return;
  }
  const src = new Float32Array(4);
  for (let y = cov.y0; y < cov.y1; y++) {
    for (let x = cov.x0; x < cov.x1; x++) {
      const c = Math.min(1, cov.data[(y - cov.y0) * cw + (x - cov.x0)]!);
      if (c <= 1e-4) continue;
      shade(x, y, src);
      const k = c * paintOpacity;
      const a = src[3]! * k;
      if (a <= 0) continue;
      const i = (y * surface.width + x) * 4;
      const rest = 1 - a;
      d[i] = src[0]! * k + d[i]! * rest;
      d[i + 1] = src[1]! * k + d[i + 1]! * rest;
      d[i + 2] = src[2]! * k + d[i + 2]! * rest;
      d[i + 3] = a + d[i + 3]! * rest;
    }
  }
}
