import type { InpaintRequest, InpaintResult, RgbaImage } from '../../models/engine/types.js';
import type { WindowEngine } from '../../models/full-resolution/types.js';

/** How a fake engine turns its input window into an output: RGB in, RGB out, per pixel. */
export type PixelTransform = (rgb: [number, number, number], masked: boolean, x: number, y: number) => [number, number, number];

/**
 * An engine with the real engine's size rules (native 64 px, multiples of 8, at most 256 px a side,
 * like the tiny bundle) whose "model" is a pixel transform: fast, and its output is known exactly.
 */
export class FakeEngine implements WindowEngine {
  readonly manifest = { sampleSize: 8, vaeScaleFactor: 8, sizeMultiple: 8 };
  readonly calls: { width: number; height: number; seed: number | undefined; maskedPixels: number }[] = [];

  constructor(private readonly transform: PixelTransform) {}

  async run(request: InpaintRequest): Promise<InpaintResult> {
    const { image, mask } = request;
    if (image.width % 8 || image.height % 8 || image.width > 256 || image.height > 256) throw new Error(`fake engine: bad size ${image.width}x${image.height}`);
    if (!mask.data.some((v) => v >= 128)) throw new Error('fake engine: empty mask');
    this.calls.push({ width: image.width, height: image.height, seed: request.seed, maskedPixels: mask.data.filter((v) => v >= 128).length });
    const variations = request.variations ?? 1;
    return {
      variations: Array.from({ length: variations }, (_, v) => ({ image: this.paint(image, mask.data, v), seed: (request.seed ?? 0) + v })),
      warnings: [],
      backend: 'wasm',
      latentsOnGpu: false,
      timings: { load: 0, 'encode-text': 0, 'encode-image': 0, denoise: 1, decode: 0 },
    };
  }

  private paint(image: RgbaImage, mask: Uint8Array, variation: number): RgbaImage {
    const data = new Uint8ClampedArray(image.data);
    for (let p = 0; p < mask.length; p++) {
      const x = p % image.width;
      const y = (p - x) / image.width;
      const out = this.transform([data[p * 4]!, data[p * 4 + 1]!, data[p * 4 + 2]!], mask[p]! >= 128, x + variation, y);
      data[p * 4] = out[0];
      data[p * 4 + 1] = out[1];
      data[p * 4 + 2] = out[2];
      data[p * 4 + 3] = 77; // the real engine copies alpha from its input; a wrong alpha shows if pasted
    }
    return { width: image.width, height: image.height, data };
  }
}

/** The whole window tinted: red + 20, as a VAE colour drift. */
export const redTint: PixelTransform = ([r, g, b]) => [r + 20, g, b];

/** Brightness and contrast drift everywhere: 0.9 · v + 30. */
export const brightnessDrift: PixelTransform = ([r, g, b]) => [0.9 * r + 30, 0.9 * g + 30, 0.9 * b + 30];

/** Masked pixels become a pattern (new content); the rest drifts slightly, as a VAE round trip does. */
export const newContent: PixelTransform = ([r, g, b], masked, x, y) => (masked ? [(x * 37 + y * 11) % 256, (x * 5 + y * 29) % 256, 128] : [r + 3, g - 2, b + 1]);
