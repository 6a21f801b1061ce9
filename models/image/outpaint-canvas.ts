import type { Rect, Size } from './rect.js';

/** Where to extend an image to. */
export type OutpaintTarget =
  /** A frame's bounds in the source's pixel coordinates (the source's top-left is 0, 0). */
  | { kind: 'frame'; rect: Rect }
  /** Pixels to add on each side. */
  | { kind: 'sides'; left: number; top: number; right: number; bottom: number }
  /**
   * The smallest canvas of this width:height ratio holding the whole source ('16:9', '4:5', 1.5),
   * the source placed by `align` (0 = left/top, 0.5 = centre, the default, 1 = right/bottom).
   */
  | { kind: 'aspect'; ratio: string | number; align?: { x: number; y: number } };

/** The extended canvas and where the source sits in it (offsets may be negative for a frame that crops). */
export interface OutpaintCanvas {
  width: number;
  height: number;
  offsetX: number;
  offsetY: number;
}

/** Canvas geometry for a target; throws a RangeError for a target that is not a size. */
export function outpaintCanvas(source: Size, target: OutpaintTarget): OutpaintCanvas {
  switch (target.kind) {
    case 'frame': {
      const { rect } = target;
      checkWhole([rect.width, rect.height], 1, 'frame size');
      checkWhole([rect.x, rect.y], -Infinity, 'frame position');
      return { width: rect.width, height: rect.height, offsetX: -rect.x, offsetY: -rect.y };
    }
    case 'sides': {
      checkWhole([target.left, target.top, target.right, target.bottom], 0, 'pixels per side');
      return {
        width: source.width + target.left + target.right,
        height: source.height + target.top + target.bottom,
        offsetX: target.left,
        offsetY: target.top,
      };
    }
    case 'aspect': {
      const ratio = parseRatio(target.ratio);
      const align = target.align ?? { x: 0.5, y: 0.5 };
      let width = source.width;
      let height = source.height;
      if (source.width / source.height < ratio) width = Math.max(source.width, Math.round(source.height * ratio));
      else height = Math.max(source.height, Math.round(source.width / ratio));
      return {
        width,
        height,
        offsetX: Math.round((width - source.width) * clamp01(align.x)),
        offsetY: Math.round((height - source.height) * clamp01(align.y)),
      };
    }
  }
}

/** The part of the canvas the source covers. */
export function sourceRectInCanvas(source: Size, canvas: OutpaintCanvas): Rect {
  const x = Math.max(0, canvas.offsetX);
  const y = Math.max(0, canvas.offsetY);
  return {
    x,
    y,
    width: Math.max(0, Math.min(canvas.width, canvas.offsetX + source.width) - x),
    height: Math.max(0, Math.min(canvas.height, canvas.offsetY + source.height) - y),
  };
}

/** '16:9', '4/5', '1.5' or 1.5 -> width / height. */
export function parseRatio(ratio: string | number): number {
  const value = typeof ratio === 'number' ? ratio : ratioFromText(ratio);
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`"${ratio}" is not an aspect ratio; use width:height such as 16:9.`);
  return value;
}

function ratioFromText(text: string): number {
  const parts = text.split(/[:/x]/).map((p) => Number(p.trim()));
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) return parts[0]! / parts[1]!;
  return NaN;
}

function checkWhole(values: number[], min: number, what: string): void {
  if (values.some((v) => !Number.isInteger(v) || v < min)) throw new RangeError(`The ${what} must be whole numbers${min > -Infinity ? ` of at least ${min}` : ''}: ${values.join(', ')}.`);
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
