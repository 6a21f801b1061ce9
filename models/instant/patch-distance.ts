/**
 * Sum of squared RGBA differences between the patch centred at (tx, ty) and the one at (sx, sy), both
 * of radius `radius`. The target patch is clipped to the image (a target near the border compares only
 * what exists; every candidate for one target is clipped the same way, so comparisons stay fair); the
 * source patch is always whole, which the caller guarantees. Stops a row after the sum reaches
 * `limit`: the caller only wants to know whether the candidate beats its current best.
 * Integer math throughout: at most 15x15 pixels x 4 x 255^2 fits an int32 many times over.
 * `opaque`: the caller knows every alpha is 255, so alpha's differences (all 0) are skipped; the sum is
 * the same, for three quarters of the work.
 */
export function patchDistance(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  tx: number,
  ty: number,
  sx: number,
  sy: number,
  radius: number,
  limit: number,
  opaque = false,
): number {
  const top = Math.max(-radius, -ty);
  const bottom = Math.min(radius, height - 1 - ty);
  const left = Math.max(-radius, -tx);
  const right = Math.min(radius, width - 1 - tx);
  const rowBytes = (right - left + 1) * 4;
  let sum = 0;
  for (let dy = top; dy <= bottom; dy++) {
    let t = ((ty + dy) * width + tx + left) * 4;
    let s = ((sy + dy) * width + sx + left) * 4;
    const end = t + rowBytes;
    if (opaque) {
      for (; t < end; t += 4, s += 4) {
        const r = rgba[t]! - rgba[s]!;
        const g = rgba[t + 1]! - rgba[s + 1]!;
        const b = rgba[t + 2]! - rgba[s + 2]!;
        sum += r * r + g * g + b * b;
      }
    } else {
      while (t < end) {
        const d = rgba[t++]! - rgba[s++]!;
        sum += d * d;
      }
    }
    if (sum >= limit) return sum;
  }
  return sum;
}
