/**
 * One resolution of the picture being filled: straight RGBA, which pixels are hole (1) or kept (0),
 * and which kept pixels lie in the sampling band the fill may copy from (1).
 */
export interface PyramidLevel {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  hole: Uint8Array;
  sampling: Uint8Array;
}

/**
 * Halves a level (sides rounded up). A coarse pixel is hole if ANY of its fine pixels is, so a coarse
 * kept pixel is made only of kept colour: hole colour (the object being removed) never leaks into the
 * coarse picture the fill copies from. Kept pixels average their 2x2 (fewer at an odd edge). A coarse
 * pixel may be sampled if any of its fine pixels may (and it is not hole).
 */
export function halveLevel(fine: PyramidLevel): PyramidLevel {
  const width = Math.ceil(fine.width / 2);
  const height = Math.ceil(fine.height / 2);
  const rgba = new Uint8ClampedArray(width * height * 4);
  const hole = new Uint8Array(width * height);
  const sampling = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = 2 * y;
    const y1 = Math.min(y0 + 1, fine.height - 1);
    for (let x = 0; x < width; x++) {
      const x0 = 2 * x;
      const x1 = Math.min(x0 + 1, fine.width - 1);
      const a = y0 * fine.width + x0;
      const b = y0 * fine.width + x1;
      const c = y1 * fine.width + x0;
      const d = y1 * fine.width + x1;
      const i = y * width + x;
      if (fine.hole[a] || fine.hole[b] || fine.hole[c] || fine.hole[d]) {
        hole[i] = 1;
        continue;
      }
      sampling[i] = fine.sampling[a]! | fine.sampling[b]! | fine.sampling[c]! | fine.sampling[d]!;
      // At an odd edge the duplicated row/column counts twice, which is the same as averaging the real ones.
      const from = fine.rgba;
      const a4 = a * 4;
      const b4 = b * 4;
      const c4 = c * 4;
      const d4 = d * 4;
      const to = i * 4;
      rgba[to] = (from[a4]! + from[b4]! + from[c4]! + from[d4]! + 2) >> 2;
      rgba[to + 1] = (from[a4 + 1]! + from[b4 + 1]! + from[c4 + 1]! + from[d4 + 1]! + 2) >> 2;
      rgba[to + 2] = (from[a4 + 2]! + from[b4 + 2]! + from[c4 + 2]! + from[d4 + 2]! + 2) >> 2;
      rgba[to + 3] = (from[a4 + 3]! + from[b4 + 3]! + from[c4 + 3]! + from[d4 + 3]! + 2) >> 2;
    }
  }
  return { width, height, rgba, hole, sampling };
}
