/** Brush diameter in source pixels: [ and ] step it by about 20 %, within 1 px and half the image. */
export function nextBrushSize(size: number, direction: 1 | -1, sourceSide: number): number {
  const max = Math.max(2, Math.round(sourceSide / 2));
  const stepped = direction > 0 ? Math.max(size + 1, Math.round(size * 1.2)) : Math.min(size - 1, Math.round(size / 1.2));
  return Math.min(max, Math.max(1, stepped));
}

/** A starting brush: about 6 % of the shorter side, so a first stroke is visible and useful. */
export function defaultBrushSize(width: number, height: number): number {
  return Math.max(4, Math.round(Math.min(width, height) * 0.06));
}
