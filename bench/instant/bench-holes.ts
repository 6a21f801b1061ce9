import type { MaskImage } from '../../models/engine/types.js';
import { SeededRandom } from '../../models/random/seeded-random.js';

export type HoleShape = 'square' | 'disc' | 'stroke' | 'border' | 'blob';
export const HOLE_SHAPES: readonly HoleShape[] = ['square', 'disc', 'stroke', 'border', 'blob'];

/**
 * A hole of one shape for a picture, sized to its shorter side `s`: a square of 0.22·s, a disc of
 * radius 0.12·s, a brush stroke 0.07·s thick wandering over 0.5·s, a rectangle 0.16·s × 0.32·s on an
 * edge, an object-shaped blob (a wobbly disc of mean radius 0.13·s). Placed around `focus` (fractions
 * of the sides) or, without one, by the seed within the middle 60% of the picture.
 */
export function makeHole(shape: HoleShape, width: number, height: number, seed: number, focus?: { x: number; y: number }): MaskImage {
  const random = new SeededRandom(seed);
  const s = Math.min(width, height);
  const cx = focus ? focus.x * width + (random.nextFloat() - 0.5) * 0.1 * s : width * (0.2 + 0.6 * random.nextFloat());
  const cy = focus ? focus.y * height + (random.nextFloat() - 0.5) * 0.1 * s : height * (0.2 + 0.6 * random.nextFloat());
  const data = new Uint8Array(width * height);
  const paint = (inside: (x: number, y: number) => boolean) => {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x + 0.5, y + 0.5)) data[y * width + x] = 255;
  };
  switch (shape) {
    case 'square': {
      const half = 0.11 * s;
      paint((x, y) => Math.abs(x - cx) <= half && Math.abs(y - cy) <= half);
      break;
    }
    case 'disc': {
      const r = 0.12 * s;
      paint((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r);
      break;
    }
    case 'stroke': {
      const points: Array<[number, number]> = [[cx - 0.25 * s, cy + (random.nextFloat() - 0.5) * 0.2 * s]];
      for (let i = 1; i <= 4; i++) points.push([cx - 0.25 * s + 0.125 * s * i, cy + (random.nextFloat() - 0.5) * 0.3 * s]);
      const r = 0.035 * s;
      paint((x, y) => points.some((a, i) => i > 0 && segmentDistance(x, y, points[i - 1]!, a) <= r));
      break;
    }
    case 'border': {
      const w = 0.16 * s;
      const h = 0.32 * s;
      const left = random.nextFloat() < 0.5;
      paint((x, y) => (left ? x < w : x > width - w) && Math.abs(y - cy) <= h / 2);
      break;
    }
    case 'blob': {
      const r = 0.13 * s;
      const phase1 = random.nextFloat() * 6.283;
      const phase2 = random.nextFloat() * 6.283;
      paint((x, y) => {
        const angle = Math.atan2(y - cy, x - cx);
        const reach = r * (1 + 0.25 * Math.sin(3 * angle + phase1) + 0.12 * Math.sin(5 * angle + phase2));
        return (x - cx) ** 2 + ((y - cy) * 1.3) ** 2 <= reach * reach;
      });
      break;
    }
  }
  return { width, height, data };
}

function segmentDistance(x: number, y: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}
