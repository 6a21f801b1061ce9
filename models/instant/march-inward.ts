import type { RgbaImage } from '../engine/types.js';
import { chamferDistance, holeBounds, UNREACHED } from './hole-mask.js';

/** How far Telea's fill reaches for known pixels: OpenCV's inpaint radius as IOPaint sets it (4 px). */
export const MARCH_REACH = 4;

/**
 * A window of a picture's values, `channels` floats per pixel in rows of `width`: the part of a level
 * that a smooth fill reads and writes (the hole's bounding box and a margin), so its cost follows the
 * hole, not the picture.
 */
export interface ValueWindow {
  width: number;
  height: number;
  channels: number;
  values: Float32Array;
  /** 1 where the window's pixel is to be filled. */
  hole: Uint8Array;
}

/**
 * Telea's fill (An Image Inpainting Technique Based on the Fast Marching Method, 2004), without its
 * gradient term (OpenCV's weights it so little that it moves a value by under a level): hole pixels
 * are filled in order of their distance from the edge, each the weighted mean of the known pixels
 * within `reach`, weighing most the nearest ones, those at the same distance from the edge and those
 * straight along the direction the fill travels (the distance's gradient). That last weight is what
 * carries an edge that meets the hole at an angle into it, where a membrane would round it off.
 * Fills every channel of `window.values` in place on hole pixels; a hole with no known pixel anywhere
 * is left as it is.
 */
export function marchInward(window: ValueWindow, reach: number): void {
  const { width, height, channels, values, hole } = window;
  // In thirds of a pixel (chamfer 3-4).
  const distance = chamferDistance(hole, width, height, 3, 4);
  const order = byDistance(distance, hole);
  const offsets = reachOffsets(reach);
  const known = new Uint8Array(hole.length);
  for (let i = 0; i < hole.length; i++) known[i] = 1 - hole[i]!;
  // Per pixel, its known neighbours' starts in `values` and their weights, then one pass a channel.
  const from = new Int32Array(offsets.dx.length);
  const weights = new Float64Array(offsets.dx.length);
  for (let k = 0; k < order.length; k++) {
    const p = order[k]!;
    const px = p % width;
    const py = (p - px) / width;
    let gx = distance[px < width - 1 ? p + 1 : p]! - distance[px > 0 ? p - 1 : p]!;
    let gy = distance[py < height - 1 ? p + width : p]! - distance[py > 0 ? p - width : p]!;
    const norm = Math.hypot(gx, gy);
    if (norm > 0) (gx /= norm), (gy /= norm);
    const here = distance[p]!;
    let found = 0;
    let total = 0;
    for (let o = 0; o < offsets.dx.length; o++) {
      const qx = px + offsets.dx[o]!;
      const qy = py + offsets.dy[o]!;
      if (qx < 0 || qy < 0 || qx >= width || qy >= height) continue;
      const q = qy * width + qx;
      if (!known[q]) continue;
      // Chamfer units are a third of a pixel: the level term compares distances in pixels.
      const level = 1 / (1 + Math.abs(distance[q]! - here) / 3);
      const along = norm > 0 ? Math.max(Math.abs(offsets.dx[o]! * gx + offsets.dy[o]! * gy) * offsets.inverseLength[o]!, 1e-6) : 1;
      const w = offsets.nearness[o]! * level * along;
      from[found] = q * channels;
      weights[found++] = w;
      total += w;
    }
    if (total > 0) {
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let j = 0; j < found; j++) sum += weights[j]! * values[from[j]! + ch]!;
        values[p * channels + ch] = sum / total;
      }
    }
    known[p] = 1;
  }
}

/** The offsets within a disc of `reach` (the centre left out), with Telea's nearness weight 1/|r|³. */
function reachOffsets(reach: number): { dx: Int32Array; dy: Int32Array; nearness: Float64Array; inverseLength: Float64Array } {
  const dx: number[] = [];
  const dy: number[] = [];
  for (let y = -reach; y <= reach; y++) {
    for (let x = -reach; x <= reach; x++) {
      const squared = x * x + y * y;
      if (squared > 0 && squared <= reach * reach) dx.push(x), dy.push(y);
    }
  }
  const lengths = dx.map((x, i) => Math.hypot(x, dy[i]!));
  return {
    dx: Int32Array.from(dx),
    dy: Int32Array.from(dy),
    nearness: Float64Array.from(lengths, (l) => 1 / (l * l * l)),
    inverseLength: Float64Array.from(lengths, (l) => 1 / l),
  };
}

/** Hole pixels with a finite distance, nearest the edge first (a counting sort; ties in scan order). */
function byDistance(distance: Int32Array, hole: Uint8Array): Int32Array {
  let deepest = 0;
  let count = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i] || distance[i]! >= UNREACHED) continue;
    count++;
    if (distance[i]! > deepest) deepest = distance[i]!;
  }
  const start = new Int32Array(deepest + 2);
  for (let i = 0; i < hole.length; i++) if (hole[i] && distance[i]! < UNREACHED) start[distance[i]! + 1]!++;
  for (let d = 1; d < start.length; d++) start[d]! += start[d - 1]!;
  const order = new Int32Array(count);
  for (let i = 0; i < hole.length; i++) if (hole[i] && distance[i]! < UNREACHED) order[start[distance[i]!]!++] = i;
  return order;
}

/**
 * The picture's RGBA with `hole` filled by `marchInward` (a new array; kept pixels as they are). It
 * works on the hole's bounding box widened by the reach, so its cost follows the hole, not the picture.
 */
export function marchFill(image: RgbaImage, hole: Uint8Array, reach = MARCH_REACH): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.data);
  const box = holeBounds(hole, image.width, image.height, reach);
  if (!box) return out;
  const window: ValueWindow = { width: box.width, height: box.height, channels: 4, values: new Float32Array(box.width * box.height * 4), hole: new Uint8Array(box.width * box.height) };
  for (let y = 0; y < box.height; y++) {
    const from = (box.top + y) * image.width + box.left;
    window.values.set(image.data.subarray(from * 4, (from + box.width) * 4), y * box.width * 4);
    window.hole.set(hole.subarray(from, from + box.width), y * box.width);
  }
  marchInward(window, reach);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const w = y * box.width + x;
      if (!window.hole[w]) continue;
      const p = (box.top + y) * image.width + box.left + x;
      for (let ch = 0; ch < 4; ch++) out[p * 4 + ch] = window.values[w * 4 + ch]!;
    }
  }
  return out;
}
