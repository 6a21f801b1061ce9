import type { FillLevel } from './fill-level.js';
import { marchInward, type ValueWindow } from './march-inward.js';
import type { NearestNeighbourField } from './nearest-neighbour-field.js';

/** Telea's reach (IOPaint's radius for OpenCV's fill): the smooth fill's neighbourhood, in pixels. */
const SMOOTH_REACH = 4;
/** Texture energy is the luma variance of the kept pixels in this radius (SSIM's 7x7 window). */
const ENERGY_RADIUS = 3;
/**
 * Luma variance (a standard deviation of 20 levels) at which the patch fill and the smooth fill weigh
 * the same: plainer surroundings lean to the smooth fill, grain (gravel, grass, noise) to the patches.
 */
const PLAIN_VARIANCE = 700;
/**
 * A patch whose best source differs from it by less than this share of its own variation (twice it,
 * for two unrelated patches of the same texture) is a real match, and its detail is kept.
 */
const MATCH_SHARE = 0.35;
/**
 * A patch fill that differs from the smooth fill by this much (in some channel) keeps it whole: a
 * difference that large is a structure (a horizon, a table's edge, mortar), not grain, and blending it
 * with the smooth fill would paint a colour that is neither (sky and grass into grey-green).
 */
const STRUCTURE_LEVELS = 170;

/**
 * The patch fill's detail, kept where it can be trusted and settled towards a smooth fill where it
 * cannot. Where the picture around the hole is plain, a patch fill still copies grain and edges from
 * somewhere in the band, and where no source really matches, that detail is a guess: right in kind,
 * wrong in place, which the eye sees as clutter and which is further from the truth than a smooth
 * surface (measured with `npm run bench:instant`, see docs/performance.md). So each hole pixel becomes
 * smooth + α·(patch − smooth), the smooth fill Telea's (`marchInward`, which carries edges meeting the
 * hole inward), and α the largest of:
 * - the texture energy around the hole, carried inward by the same march: grainy surroundings keep
 *   their grain (the fill of unrepeated noise stays noise);
 * - how well the pixel's patch matched its source against the patch's own variation: repeating
 *   structure (bricks, stripes) found its match and keeps it;
 * and α goes to 1 where the two fills differ by a structure's contrast (STRUCTURE_LEVELS).
 * Writes the hole pixels of `level.rgba` in place (after the seamless blend); `original` is the level's
 * picture before the fill, `field` the last vote's, whose distances are current.
 */
export function settleUnpredictableDetail(level: FillLevel, original: Uint8ClampedArray, field: NearestNeighbourField): void {
  const box = holeBox(level, SMOOTH_REACH);
  if (!box) return;
  const smooth = smoothFillWithEnergy(level, original, box);
  const variation = patchVariation(level, box);
  const { width, rgba, hole } = level;
  for (let y = box.top; y <= box.bottom; y++) {
    for (let x = box.left; x <= box.right; x++) {
      const p = y * width + x;
      if (!hole[p]) continue;
      const w = (y - box.top) * box.width + (x - box.left);
      const energy = smooth[w * 5 + 4]!;
      const fromEnergy = energy * energy / (energy * energy + PLAIN_VARIANCE * PLAIN_VARIANCE);
      const fromMatch = 1 - field.distance[p]! / (MATCH_SHARE * variation[w]!);
      let alpha = Math.max(fromEnergy, fromMatch, 0);
      let difference = 0;
      for (let ch = 0; ch < 3; ch++) difference = Math.max(difference, Math.abs(rgba[p * 4 + ch]! - smooth[w * 5 + ch]!));
      const u = Math.min(1, difference / STRUCTURE_LEVELS);
      alpha += (1 - alpha) * u * u * (3 - 2 * u);
      for (let ch = 0; ch < 4; ch++) {
        const s = smooth[w * 5 + ch]!;
        rgba[p * 4 + ch] = s + alpha * (rgba[p * 4 + ch]! - s);
      }
    }
  }
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/** The hole's bounding box grown by `margin`, clipped to the level; undefined without a hole. */
function holeBox(level: FillLevel, margin: number): Box | undefined {
  const { width, height, hole } = level;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      if (!hole[p]) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return undefined;
  left = Math.max(0, left - margin);
  top = Math.max(0, top - margin);
  right = Math.min(width - 1, right + margin);
  bottom = Math.min(height - 1, bottom + margin);
  return { left, top, right, bottom, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Over the box, 5 values a pixel: Telea's fill of the original (RGBA) and the texture energy (the luma
 * variance of the kept pixels around each kept pixel), both marched into the hole.
 */
function smoothFillWithEnergy(level: FillLevel, original: Uint8ClampedArray, box: Box): Float32Array {
  const { width, height, hole } = level;
  const values = new Float32Array(box.width * box.height * 5);
  const windowHole = new Uint8Array(box.width * box.height);
  for (let y = box.top, w = 0; y <= box.bottom; y++) {
    for (let x = box.left; x <= box.right; x++, w++) {
      const p = y * width + x;
      if (hole[p]) {
        windowHole[w] = 1;
        continue;
      }
      for (let ch = 0; ch < 4; ch++) values[w * 5 + ch] = original[p * 4 + ch]!;
      values[w * 5 + 4] = keptLumaVariance(original, hole, width, height, x, y);
    }
  }
  const window: ValueWindow = { width: box.width, height: box.height, channels: 5, values, hole: windowHole };
  marchInward(window, SMOOTH_REACH);
  return values;
}

function keptLumaVariance(rgba: Uint8ClampedArray, hole: Uint8Array, width: number, height: number, x: number, y: number): number {
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let qy = Math.max(0, y - ENERGY_RADIUS); qy <= Math.min(height - 1, y + ENERGY_RADIUS); qy++) {
    for (let qx = Math.max(0, x - ENERGY_RADIUS); qx <= Math.min(width - 1, x + ENERGY_RADIUS); qx++) {
      const q = qy * width + qx;
      if (hole[q]) continue;
      const luma = 0.299 * rgba[q * 4]! + 0.587 * rgba[q * 4 + 1]! + 0.114 * rgba[q * 4 + 2]!;
      sum += luma;
      squares += luma * luma;
      count++;
    }
  }
  return count > 1 ? Math.max(0, squares / count - (sum / count) ** 2) : 0;
}

/**
 * For each box pixel, the patch fill's variation over its patch (the level's patch radius, clipped to
 * the level): the sum of squared RGB deviations from the patch's mean, at least 1. Summed-area tables,
 * so it costs the same for any patch size.
 */
function patchVariation(level: FillLevel, box: Box): Float64Array {
  const { width, height, rgba, radius } = level;
  // The tables cover the box grown by the radius (clipped), so every patch they answer for is inside.
  const left = Math.max(0, box.left - radius);
  const top = Math.max(0, box.top - radius);
  const right = Math.min(width - 1, box.right + radius);
  const bottom = Math.min(height - 1, box.bottom + radius);
  const stride = right - left + 2;
  const rows = bottom - top + 2;
  const sums = new Float64Array(stride * rows);
  const squares = new Float64Array(stride * rows);
  for (let y = top; y <= bottom; y++) {
    let rowSum = 0;
    let rowSquares = 0;
    for (let x = left; x <= right; x++) {
      const at = (y * width + x) * 4;
      const r = rgba[at]!;
      const g = rgba[at + 1]!;
      const b = rgba[at + 2]!;
      rowSum += r + g + b;
      rowSquares += r * r + g * g + b * b;
      const t = (y - top + 1) * stride + (x - left + 1);
      sums[t] = sums[t - stride]! + rowSum;
      squares[t] = squares[t - stride]! + rowSquares;
    }
  }
  const variation = new Float64Array(box.width * box.height);
  for (let y = box.top, w = 0; y <= box.bottom; y++) {
    const y0 = Math.max(top, y - radius) - top;
    const y1 = Math.min(bottom, y + radius) - top + 1;
    for (let x = box.left; x <= box.right; x++, w++) {
      const x0 = Math.max(left, x - radius) - left;
      const x1 = Math.min(right, x + radius) - left + 1;
      const count = 3 * (y1 - y0) * (x1 - x0);
      const sum = sums[y1 * stride + x1]! - sums[y0 * stride + x1]! - sums[y1 * stride + x0]! + sums[y0 * stride + x0]!;
      const square = squares[y1 * stride + x1]! - squares[y0 * stride + x1]! - squares[y1 * stride + x0]! + squares[y0 * stride + x0]!;
      variation[w] = Math.max(1, square - (sum * sum) / count);
    }
  }
  return variation;
}
