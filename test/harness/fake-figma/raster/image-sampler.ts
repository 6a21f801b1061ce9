/// <reference types="@figma/plugin-typings" />
/**
 * Where an IMAGE paint's pixels land inside a node's w×h box, per scale mode:
 * FILL covers the box (centred, cropped), FIT fits inside (centred, transparent margins),
 * CROP maps the box's unit square through imageTransform into the image's unit square,
 * TILE repeats the image at `scalingFactor` from the box origin.
 * (Paint `rotation` and `filters` are not modelled.)
 */
import type { Rgba } from './rgba.js';

/** Maps node-local (x, y) to continuous image pixel coordinates, or null when outside the image. */
export type ImageMapper = (lx: number, ly: number) => { ix: number; iy: number } | null;

export function imageMapper(paint: ImagePaint, w: number, h: number, iw: number, ih: number): { map: ImageMapper; texelsPerUnit: number; wrap: boolean } {
  switch (paint.scaleMode) {
    case 'FILL':
    case 'FIT': {
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
    case 'CROP': {
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
    case 'TILE': {
      const k = paint.scalingFactor ?? 0.5;
      return {
        texelsPerUnit: 1 / k,
        wrap: true,
        map: (lx, ly) => ({ ix: mod(lx / k, iw), iy: mod(ly / k, ih) }),
      };
    }
  }
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
