import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { RgbaImage } from '../../models/engine/types.js';
import { SeededRandom } from '../../models/random/seeded-random.js';

export type Category = 'photo' | 'texture' | 'synthetic';

export interface BenchImage {
  name: string;
  category: Category;
  image: RgbaImage;
  /** Where holes are centred, as fractions of the sides; undefined: anywhere in the middle 60%. */
  focus?: { x: number; y: number };
}

/**
 * The pictures scored: shared/images (scikit-image's CC0 and public-domain samples; rocket.jpg is left
 * out, since nothing here decodes JPEG) and three synthetic scenes with structure that crosses the
 * hole (a horizon, a table's edge, mortar lines), generated from a fixed seed.
 */
export function benchImages(imagesDir: string): BenchImage[] {
  const photo = (name: string): BenchImage => ({ name, category: 'photo', image: readPng(join(imagesDir, `${name}.png`)) });
  const texture = (name: string): BenchImage => ({ name, category: 'texture', image: readPng(join(imagesDir, `${name}.png`)) });
  return [
    photo('chelsea'),
    photo('coffee'),
    photo('astronaut'),
    texture('brick'),
    texture('grass'),
    texture('gravel'),
    { name: 'horizon', category: 'synthetic', image: horizonScene(384, 256), focus: { x: 0.5, y: 0.45 } },
    { name: 'table-edge', category: 'synthetic', image: tableEdgeScene(384, 256), focus: { x: 0.5, y: 0.55 } },
    { name: 'mortar', category: 'synthetic', image: mortarScene(384, 256) },
  ];
}

/** Straight RGBA from a PNG of 1 to 4 channels (grey is spread over RGB), 8 or 16 bits. */
export function readPng(path: string): RgbaImage {
  const png = decode(readFileSync(path));
  const { width, height, channels } = png;
  const shift = png.depth === 16 ? 8 : 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const at = (c: number) => (png.data[p * channels + c] as number) >> shift;
    const grey = channels <= 2;
    data[p * 4] = at(0);
    data[p * 4 + 1] = grey ? at(0) : at(1);
    data[p * 4 + 2] = grey ? at(0) : at(2);
    data[p * 4 + 3] = channels === 2 ? at(1) : channels === 4 ? at(3) : 255;
  }
  return { width, height, data };
}

function scene(width: number, height: number, colour: (x: number, y: number, noise: () => number) => [number, number, number]): RgbaImage {
  const random = new SeededRandom(11);
  const noise = () => random.nextFloat() - 0.5;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y, noise);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** Sky fading to haze above a slightly tilted horizon, grainy fields below. */
function horizonScene(width: number, height: number): RgbaImage {
  return scene(width, height, (x, y, noise) => {
    const horizon = height * 0.45 + (x - width / 2) * 0.05;
    if (y < horizon) {
      const t = y / horizon;
      return [90 + 110 * t + 4 * noise(), 140 + 80 * t + 4 * noise(), 230 - 10 * t + 4 * noise()];
    }
    const band = Math.floor((y - horizon) / 14) % 2;
    return [70 + 30 * band + 40 * noise(), 110 + 20 * band + 40 * noise(), 40 + 30 * noise()];
  });
}

/** A wooden table top (grain along x) meeting a plain wall along a straight, slightly sloped edge. */
function tableEdgeScene(width: number, height: number): RgbaImage {
  return scene(width, height, (x, y, noise) => {
    const edge = height * 0.55 - (x - width / 2) * 0.08;
    if (y < edge) return [214 + 6 * noise(), 205 + 6 * noise(), 188 + 6 * noise()];
    const grain = Math.sin(y * 0.9 + Math.sin(x * 0.02) * 3) * 18;
    return [140 + grain + 12 * noise(), 90 + grain * 0.7 + 10 * noise(), 50 + grain * 0.4 + 8 * noise()];
  });
}

/** Running-bond bricks, each its own shade, with light mortar lines between. */
function mortarScene(width: number, height: number): RgbaImage {
  const shades = new SeededRandom(5);
  const shade = new Map<number, number>();
  return scene(width, height, (x, y, noise) => {
    const row = Math.floor(y / 24);
    const offset = row % 2 ? 24 : 0;
    const column = Math.floor((x + offset) / 48);
    if (y % 24 < 4 || (x + offset) % 48 < 4) return [200 + 20 * noise(), 196 + 20 * noise(), 186 + 20 * noise()];
    const key = row * 1000 + column;
    if (!shade.has(key)) shade.set(key, shades.nextFloat() * 50 - 25);
    const s = shade.get(key)!;
    return [150 + s + 30 * noise(), 70 + s * 0.5 + 24 * noise(), 50 + s * 0.3 + 20 * noise()];
  });
}
