/// <reference types="@figma/plugin-typings" />
/**
 * Where an IMAGE paint's pixels land inside a node's w×h box, per scale mode:
 * FILL covers the box (centred, cropped), FIT fits inside (centred, transparent margins),
 * CROP maps the box's unit square through imageTransform into the image's unit square,
 * TILE repeats the image at `scalingFactor` from the box origin.
 * FILL, FIT and TILE turn the image by the paint's `rotation` (90° steps) first, then place the turned image.
 * The docs don't say which way a positive rotation turns; the fake takes counterclockwise on screen, like a
 * node's `rotation`. (The plugin does not rely on it: it exports layers with turned fills.)
 */
import type { Rgba } from './rgba.js';

/** Maps node-local (x, y) to continuous image pixel coordinates, or null when outside the image. */
export type ImageMapper = (lx: number, ly: number) => { ix: number; iy: number } | null;

export function imageMapper(paint: ImagePaint, w: number, h: number, iw: number, ih: number): { map: ImageMapper; texelsPerUnit: number; wrap: boolean } {
  if (paint.scaleMode === 'CROP') return cropMapper(paint, w, h, iw, ih);
  const turns = quarterTurns(paint.rotation ?? 0);
  const rw = turns % 2 === 0 ? iw : ih;
  const rh = turns % 2 === 0 ? ih : iw;
  const mapper = uprightMapper(paint, w, h, rw, rh);
  const unturn = unturnPixel(turns, iw, ih);
  return {
    ...mapper,
    map: (lx, ly) => {
      const p = mapper.map(lx, ly);
      return p && unturn(p.ix, p.iy);
    },
  };
}

/** 0..3 quarter turns counterclockwise. */
function quarterTurns(rotation: number): number {
  return mod(Math.round(rotation / 90), 4);
}

/** Turned-image pixel coords -> the stored image's (iw × ih) pixel coords. */
function unturnPixel(turns: number, iw: number, ih: number): (rx: number, ry: number) => { ix: number; iy: number } {
  switch (turns) {
    case 1:
      return (rx, ry) => ({ ix: iw - ry, iy: rx });
    case 2:
      return (rx, ry) => ({ ix: iw - rx, iy: ih - ry });
    case 3:
      return (rx, ry) => ({ ix: ry, iy: ih - rx });
    default:
      return (rx, ry) => ({ ix: rx, iy: ry });
  }
}

/** FILL, FIT and TILE of an (iw × ih) image that is already upright. */
function uprightMapper(paint: ImagePaint, w: number, h: number, iw: number, ih: number): { map: ImageMapper; texelsPerUnit: number; wrap: boolean } {
  if (paint.scaleMode === 'TILE') {
    const k = paint.scalingFactor ?? 0.5;
    return {
      texelsPerUnit: 1 / k,
      wrap: true,
      map: (lx, ly) => ({ ix: mod(lx / k, iw), iy: mod(ly / k, ih) }),
    };
  }
  const k = paint.scaleMode === 'FILL' ? Math.max(w / iw, h / ih) : Math.min(w / iw, h / ih);
  const ox = (w - iw * k) / 2;
  const oy = (h - ih * k) / 2;
  const fit = paint.scaleMode === 'FIT';
  return {
    texelsPerUnit: 1 / k,
    wrap: false,
    map: (lx, ly) => {
      const ix = (lx - ox) / k;
      const iy = (ly - oy) / k;
      if (fit && (ix < 0 || iy < 0 || ix >= iw || iy >= ih)) return null;
      return { ix, iy };
    },
  };
}

function cropMapper(paint: ImagePaint, w: number, h: number, iw: number, ih: number): { map: ImageMapper; texelsPerUnit: number; wrap: boolean } {
  const m = paint.imageTransform ?? [
    [1, 0, 0],
    [0, 1, 0],
  ];
  const sx = Math.hypot(m[0][0], m[1][0]) * (iw / w);
  const sy = Math.hypot(m[0][1], m[1][1]) * (ih / h);
  return {
    texelsPerUnit: Math.max(sx, sy),
    wrap: false,
    map: (lx, ly) => {
      const u = lx / w;
      const v = ly / h;
      const ix = (m[0][0] * u + m[0][1] * v + m[0][2]) * iw;
      const iy = (m[1][0] * u + m[1][1] * v + m[1][2]) * ih;
      if (ix < 0 || iy < 0 || ix >= iw || iy >= ih) return null;
      return { ix, iy };
    },
  };
}

/**
 * An image paint's `filters` on one straight (not premultiplied) RGB colour, 0..1. Figma documents the sliders'
 * range (-1..1), not their curves: exposure scales by 2^(2·exposure), contrast stretches around mid-grey,
 * saturation mixes with the luminance; temperature and tint shift red/blue and green. Tests compare the fake
 * with itself (a patch drawn with the source's filters over the source), never with Figma's exact colours.
 */
export function applyImageFilters(filters: ImageFilters | undefined, rgb: Float32Array): void {
  if (!filters) return;
  const { exposure = 0, contrast = 0, saturation = 0, temperature = 0, tint = 0 } = filters;
  if (exposure === 0 && contrast === 0 && saturation === 0 && temperature === 0 && tint === 0) return;
  const gain = 2 ** (2 * exposure);
  let r = rgb[0]! * gain + temperature * 0.1;
  let g = rgb[1]! * gain + tint * 0.1;
  let b = rgb[2]! * gain - temperature * 0.1;
  const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  r = luma + (r - luma) * (1 + saturation);
  g = luma + (g - luma) * (1 + saturation);
  b = luma + (b - luma) * (1 + saturation);
  const stretch = 1 + contrast;
  rgb[0] = clamp01((r - 0.5) * stretch + 0.5);
  rgb[1] = clamp01((g - 0.5) * stretch + 0.5);
  rgb[2] = clamp01((b - 0.5) * stretch + 0.5);
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** Bilinear sample at continuous pixel coords (texel centres at i + 0.5); premultiplied 0..1 out. */
export function sampleBilinear(img: Rgba, ix: number, iy: number, wrap: boolean, out: Float32Array): void {
  const { width: w, height: h, data } = img;
  const fx = ix - 0.5;
  const fy = iy - 0.5;
  let x0 = Math.floor(fx);
  let y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  let x1 = x0 + 1;
  let y1 = y0 + 1;
  if (wrap) {
    x0 = mod(x0, w);
    x1 = mod(x1, w);
    y0 = mod(y0, h);
    y1 = mod(y1, h);
  } else {
    x0 = Math.min(w - 1, Math.max(0, x0));
    x1 = Math.min(w - 1, Math.max(0, x1));
    y0 = Math.min(h - 1, Math.max(0, y0));
    y1 = Math.min(h - 1, Math.max(0, y1));
  }
  out[0] = out[1] = out[2] = out[3] = 0;
  accumulate(data, (y0 * w + x0) * 4, (1 - tx) * (1 - ty), out);
  accumulate(data, (y0 * w + x1) * 4, tx * (1 - ty), out);
  accumulate(data, (y1 * w + x0) * 4, (1 - tx) * ty, out);
  accumulate(data, (y1 * w + x1) * 4, tx * ty, out);
}

function accumulate(d: Uint8ClampedArray, i: number, wt: number, out: Float32Array): void {
  if (wt === 0) return;
  const a = (d[i + 3]! / 255) * wt;
  out[0]! += (d[i]! / 255) * a;
  out[1]! += (d[i + 1]! / 255) * a;
  out[2]! += (d[i + 2]! / 255) * a;
  out[3]! += a;
}
