import type { MaskImage } from '../engine/types.js';
import { MASK_THRESHOLD } from './mask-binarize.js';
import type { Rect } from './rect.js';

/** Separate masked areas, found on a coarse grid of tiles so even a 16384² mask costs one pass. */
export interface MaskRegions {
  tileSize: number;
  columns: number;
  rows: number;
  /** Per tile: the index of the region whose marked pixels it holds, or -1 for none. */
  labels: Int32Array;
  /** Each region's exact bounds (over its marked pixels). */
  regions: Rect[];
}

export interface MaskRegionOptions {
  /** Marked pixels closer than this (in pixels, rounded up to whole tiles) belong to one region. */
  reach: number;
  /** Tile side; by default the smallest multiple of 8 that keeps the grid within 1024 x 1024. */
  tileSize?: number;
}

/**
 * Group the mask's marked pixels (>= 128) into regions far enough apart to be repainted separately.
 * Memory is the tile grid (4 bytes a tile), never a per-pixel label image.
 */
export function findMaskRegions(mask: MaskImage, options: MaskRegionOptions): MaskRegions {
  const tileSize = options.tileSize ?? Math.max(8, Math.ceil(Math.max(mask.width, mask.height) / 1024 / 8) * 8);
  const columns = Math.ceil(mask.width / tileSize);
  const rows = Math.ceil(mask.height / tileSize);
  const occupied = occupiedTiles(mask, tileSize, columns, rows);
  const radius = Math.ceil(options.reach / (2 * tileSize));
  const near = dilate(occupied, columns, rows, radius);
  const labels = new Int32Array(columns * rows).fill(-1);
  const component = labelComponents(near, columns, rows);
  // Renumber components in scan order over the tiles that actually hold marked pixels.
  const renumber = new Map<number, number>();
  const regions: Rect[] = [];
  for (let t = 0; t < labels.length; t++) {
    if (!occupied[t]) continue;
    const c = component[t]!;
    let id = renumber.get(c);
    if (id === undefined) {
      id = regions.length;
      renumber.set(c, id);
      regions.push({ x: Infinity, y: Infinity, width: 0, height: 0 });
    }
    labels[t] = id;
    extendBounds(regions[id]!, markedBoundsInTile(mask, t, tileSize, columns));
  }
  return { tileSize, columns, rows, labels, regions };
}

/** A copy of `rect` of the mask keeping only the marked pixels that belong to region `id`. */
export function cropRegionMask(mask: MaskImage, found: MaskRegions, ids: ReadonlySet<number>, rect: Rect): MaskImage {
  const data = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const sy = rect.y + y;
    const tileRow = Math.floor(sy / found.tileSize) * found.columns;
    for (let x = 0; x < rect.width; x++) {
      const sx = rect.x + x;
      const v = mask.data[sy * mask.width + sx]!;
      if (v >= MASK_THRESHOLD && ids.has(found.labels[tileRow + Math.floor(sx / found.tileSize)]!)) data[y * rect.width + x] = 255;
    }
  }
  return { width: rect.width, height: rect.height, data };
}

function occupiedTiles(mask: MaskImage, tileSize: number, columns: number, rows: number): Uint8Array {
  const occupied = new Uint8Array(columns * rows);
  const { width, height, data } = mask;
  // Read 4 bytes at a time where aligned: a word with no high bit set holds no value >= 128.
  const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : undefined;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const tileRow = Math.floor(y / tileSize) * columns;
    let x = 0;
    while (x < width) {
      const i = row + x;
      if (words && (i & 3) === 0 && x + 4 <= width && (words[i >> 2]! & 0x80808080) === 0) {
        x += 4;
        continue;
      }
      if (data[i]! >= MASK_THRESHOLD) {
        const tx = Math.floor(x / tileSize);
        occupied[tileRow + tx] = 1;
        x = (tx + 1) * tileSize; // the rest of this tile's row adds nothing
        continue;
      }
      x++;
    }
  }
  return occupied;
}

/** Set every cell within `radius` cells (Chebyshev) of a set cell: a max filter, rows then columns. */
function dilate(grid: Uint8Array, columns: number, rows: number, radius: number): Uint8Array {
  if (radius === 0) return grid;
  const across = new Uint8Array(grid.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      if (!grid[y * columns + x]) continue;
      across.fill(1, y * columns + Math.max(0, x - radius), y * columns + Math.min(columns, x + radius + 1));
    }
  }
  const out = new Uint8Array(grid.length);
  for (let x = 0; x < columns; x++) {
    for (let y = 0; y < rows; y++) {
      if (!across[y * columns + x]) continue;
      for (let k = Math.max(0, y - radius); k <= Math.min(rows - 1, y + radius); k++) out[k * columns + x] = 1;
    }
  }
  return out;
}

/** 8-connected components of the set tiles; -1 for unset. */
function labelComponents(grid: Uint8Array, columns: number, rows: number): Int32Array {
  const label = new Int32Array(grid.length).fill(-1);
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < grid.length; start++) {
    if (!grid[start] || label[start]! >= 0) continue;
    label[start] = next;
    stack.push(start);
    while (stack.length > 0) {
      const t = stack.pop()!;
      const tx = t % columns;
      const ty = (t - tx) / columns;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = tx + dx;
          const ny = ty + dy;
          if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
          const n = ny * columns + nx;
          if (grid[n] && label[n]! < 0) {
            label[n] = next;
            stack.push(n);
          }
        }
      }
    }
    next++;
  }
  return label;
}

function tileBounds(mask: MaskImage, tile: number, tileSize: number, columns: number): Rect {
  const tx = tile % columns;
  const ty = (tile - tx) / columns;
  const x = tx * tileSize;
  const y = ty * tileSize;
  return { x, y, width: Math.min(tileSize, mask.width - x), height: Math.min(tileSize, mask.height - y) };
}

function markedBoundsInTile(mask: MaskImage, tile: number, tileSize: number, columns: number): Rect | undefined {
  const t = tileBounds(mask, tile, tileSize, columns);
  let left = Infinity;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let y = t.y; y < t.y + t.height; y++) {
    for (let x = t.x; x < t.x + t.width; x++) {
      if (mask.data[y * mask.width + x]! < MASK_THRESHOLD) continue;
      if (top < 0) top = y;
      bottom = y;
      if (x < left) left = x;
      if (x > right) right = x;
    }
  }
  return top < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

function extendBounds(into: Rect, add: Rect | undefined): void {
  if (!add) return;
  if (into.x === Infinity) {
    Object.assign(into, add);
    return;
  }
  const right = Math.max(into.x + into.width, add.x + add.width);
  const bottom = Math.max(into.y + into.height, add.y + add.height);
  into.x = Math.min(into.x, add.x);
  into.y = Math.min(into.y, add.y);
  into.width = right - into.x;
  into.height = bottom - into.y;
}
