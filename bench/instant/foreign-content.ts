import type { RgbaImage } from '../../models/engine/types.js';

/** A filled pixel is foreign when no band pixel is within this much in every RGB channel. */
export const FOREIGN_LEVELS = 40;
/** A case is flagged when more than this fraction of its hole is foreign. */
export const FOREIGN_FLAG_FRACTION = 0.01;

const STEP = 8;
const CELLS = 256 / STEP;

/**
 * The fraction of hole pixels whose colour is unlike every colour in the sampling band: what a fill
 * shows when it pastes in something from elsewhere in the picture (a face into a dark backdrop).
 * Colours are binned by 8 levels; the band's bins are dilated by FOREIGN_LEVELS in each channel
 * (a cube, so three separable passes), and a hole pixel whose bin is outside them is foreign.
 */
export function foreignFraction(result: RgbaImage, hole: Uint8Array, band: Uint8Array): number {
  let near: Uint8Array = new Uint8Array(CELLS ** 3);
  const bin = (p: number) => ((result.data[p * 4]! >> 3) * CELLS + (result.data[p * 4 + 1]! >> 3)) * CELLS + (result.data[p * 4 + 2]! >> 3);
  for (let p = 0; p < band.length; p++) if (band[p]) near[bin(p)] = 1;
  const reach = Math.ceil(FOREIGN_LEVELS / STEP);
  for (const stride of [1, CELLS, CELLS * CELLS]) near = dilateAxis(near, stride, reach);
  let foreign = 0;
  let count = 0;
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    count++;
    if (!near[bin(p)]) foreign++;
  }
  return count ? foreign / count : 0;
}

function dilateAxis(grid: Uint8Array, stride: number, reach: number): Uint8Array {
  const out = new Uint8Array(grid.length);
  for (let i = 0; i < grid.length; i++) {
    if (!grid[i]) continue;
    const position = Math.floor(i / stride) % CELLS;
    for (let d = -reach; d <= reach; d++) {
      const q = position + d;
      if (q >= 0 && q < CELLS) out[i + d * stride] = 1;
    }
  }
  return out;
}
