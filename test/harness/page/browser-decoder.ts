/** JPEG/GIF decoding for the fake's createImage in the browser (Node has no decoder). */
import type { ImageDecoder } from '../fake-figma/index.js';

export const browserImageDecoder: ImageDecoder = async (bytes, format) => {
  const type = format === 'JPEG' ? 'image/jpeg' : format === 'GIF' ? 'image/gif' : 'image/png';
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  return { width, height, data };
};
