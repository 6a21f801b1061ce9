import { encode } from 'fast-png';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import { cropRgba } from '../../models/image/crop.js';
import { resizeRgba } from '../../models/image/resize-rgba.js';

const TILE = 112;
const GAP = 4;

export interface SheetRow {
  truth: RgbaImage;
  mask: MaskImage;
  /** Results in column order, after the masked input and the truth. */
  results: RgbaImage[];
}

/**
 * Side-by-side PNG: one row per case, each tile the same square around the hole (its bounds plus half
 * their size on every side): the input with the hole in magenta, the truth, then each result.
 */
export function comparisonSheet(rows: readonly SheetRow[]): Uint8Array {
  const columns = 2 + (rows[0]?.results.length ?? 0);
  const width = columns * (TILE + GAP) + GAP;
  const height = rows.length * (TILE + GAP) + GAP;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  rows.forEach((row, r) => {
    const square = squareAroundHole(row.mask);
    const masked = { ...row.truth, data: new Uint8ClampedArray(row.truth.data) };
    for (let p = 0; p < row.mask.data.length; p++) if (row.mask.data[p]! >= 128) masked.data.set([255, 0, 255, 255], p * 4);
    [masked, row.truth, ...row.results].forEach((image, c) => {
      const tile = resizeRgba(cropRgba(image, square), TILE, TILE);
      const left = GAP + c * (TILE + GAP);
      const top = GAP + r * (TILE + GAP);
      for (let y = 0; y < TILE; y++) data.set(tile.data.subarray(y * TILE * 4, (y + 1) * TILE * 4), ((top + y) * width + left) * 4);
    });
  });
  return encode({ width, height, data, channels: 4 });
}

function squareAroundHole(mask: MaskImage): { x: number; y: number; width: number; height: number } {
  let x0 = mask.width;
  let y0 = mask.height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x]! < 128) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }
  }
  const side = Math.min(mask.width, mask.height, Math.max(48, 2 * Math.max(x1 - x0, y1 - y0)));
  const x = Math.min(mask.width - side, Math.max(0, Math.round((x0 + x1 - side) / 2)));
  const y = Math.min(mask.height - side, Math.max(0, Math.round((y0 + y1 - side) / 2)));
  return { x, y, width: side, height: side };
}
