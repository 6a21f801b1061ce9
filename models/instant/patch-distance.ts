/**
 * Sum of squared RGBA differences between the patch centred at (tx, ty) and the one at (sx, sy), both
 * of radius `radius`, read from `words` (see `rgbaWords`). The target patch is clipped to the image (a
 * target near the border compares only what exists; every candidate for one target is clipped the same
 * way, so comparisons stay fair); the source patch is always whole, which the caller guarantees. Stops
 * a row after the sum reaches `limit`: the caller only wants to know whether the candidate beats its
 * current best. Integer math throughout: at most 15x15 pixels x 4 x 255^2 fits an int32 many times over.
 */
export function patchDistance(words: Uint32Array, width: number, height: number, tx: number, ty: number, sx: number, sy: number, radius: number, limit: number): number {
  const top = Math.max(-radius, -ty);
  const bottom = Math.min(radius, height - 1 - ty);
  const left = Math.max(-radius, -tx);
  const right = Math.min(radius, width - 1 - tx);
  const columns = right - left + 1;
  let sum = 0;
  for (let dy = top; dy <= bottom; dy++) {
    let t = (ty + dy) * width + tx + left;
    let s = (sy + dy) * width + sx + left;
    const end = t + columns;
    for (; t < end; t++, s++) {
      // One load per pixel and side, its four bytes taken apart by shifts: whichever byte is alpha,
      // the sum is the same (on an opaque picture alpha's differences are all 0).
      const a = words[t]!;
      const b = words[s]!;
      const d0 = (a & 255) - (b & 255);
      const d1 = ((a >>> 8) & 255) - ((b >>> 8) & 255);
      const d2 = ((a >>> 16) & 255) - ((b >>> 16) & 255);
      const d3 = (a >>> 24) - (b >>> 24);
      sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
    }
    if (sum >= limit) return sum;
  }
  return sum;
}

/**
 * The level's RGBA as one 32-bit word per pixel, sharing its bytes (so a vote's writes show through),
 * for `patchDistance`. A view needs its start on a 4-byte boundary; a picture that is not gets a copy,
 * which is as good for one pass that only reads.
 */
export function rgbaWords(rgba: Uint8ClampedArray): Uint32Array {
  if (rgba.byteOffset % 4 === 0) return new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
  return new Uint32Array(rgba.slice().buffer);
}

/**
 * Where each of R, G, B, A sits in a word of `rgbaWords`, as a right shift: the bytes lie in memory
 * order, so which end of the word holds R depends on the platform's byte order (little-endian almost
 * everywhere, but a vote reading R as alpha would be wrong, so it is asked rather than assumed).
 */
export const CHANNEL_SHIFTS: readonly [number, number, number, number] =
  new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? [0, 8, 16, 24] : [24, 16, 8, 0];
