import type { MaskImage } from '../../models/engine/types.js';
import type { PaintedMask } from '../../plugin/protocol/messages.js';
import { decodeImageAsync } from '../image/decode-image.js';
import { encodePngAsync } from '../image/encode-png.js';

/** The painted mask as the protocol carries it: white, opaque where it repaints, transparent elsewhere. */
export async function encodeMaskPngAsync(mask: MaskImage): Promise<PaintedMask> {
  const data = new Uint8ClampedArray(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) {
    const on = mask.data[i]! >= 128 ? 255 : 0;
    data[i * 4] = on;
    data[i * 4 + 1] = on;
    data[i * 4 + 2] = on;
    data[i * 4 + 3] = on;
  }
  return { png: await encodePngAsync({ width: mask.width, height: mask.height, data }), width: mask.width, height: mask.height };
}

/** Back from PNG: a mask with transparency repaints where alpha >= 128; an opaque one where luminance >= 128. */
export async function decodeMaskPngAsync(painted: PaintedMask): Promise<MaskImage> {
  const image = await decodeImageAsync(painted.png);
  const data = new Uint8Array(image.width * image.height);
  let opaque = true;
  for (let i = 3; i < image.data.length && opaque; i += 4) opaque = image.data[i] === 255;
  for (let i = 0; i < data.length; i++) {
    if (!opaque) {
      data[i] = image.data[i * 4 + 3]! >= 128 ? 255 : 0;
      continue;
    }
    const r = image.data[i * 4]!;
    const g = image.data[i * 4 + 1]!;
    const b = image.data[i * 4 + 2]!;
    const a = image.data[i * 4 + 3]!;
    data[i] = a >= 128 && 0.299 * r + 0.587 * g + 0.114 * b >= 128 ? 255 : 0;
  }
  return { width: image.width, height: image.height, data };
}
