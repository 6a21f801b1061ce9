/**
 * figma.createImage / getImageByHash: an in-memory store keyed by SHA-1 hash.
 * PNG decodes synchronously (fast-png, works in Node and browsers). JPEG/GIF need an
 * async decoder supplied by the host (the browser harness passes one built on
 * createImageBitmap); without one they are refused with a clear message.
 */
import { decodePngToRgba, type Rgba } from './raster/rgba.js';
import { sha1Hex } from './sha1.js';

/** Figma refuses images larger than this on either side. */
export const MAX_IMAGE_SIDE = 4096;

export type ImageFormat = 'PNG' | 'JPEG' | 'GIF';
export type ImageDecoder = (bytes: Uint8Array, format: ImageFormat) => Promise<Rgba>;

export interface StoredImage {
  hash: string;
  bytes: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
  /** Decoded pixels; null while an async decode is pending. */
  pixels: Rgba | null;
  decoded: Promise<void>;
}

export class FakeImage {
  constructor(
    readonly hash: string,
    private readonly store: ImageStore,
  ) {}
  async getBytesAsync(): Promise<Uint8Array> {
    return this.store.get(this.hash)!.bytes.slice();
  }
  async getSizeAsync(): Promise<{ width: number; height: number }> {
    const s = this.store.get(this.hash)!;
    return { width: s.width, height: s.height };
  }
}

export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'PNG';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  if (bytes.length >= 6 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'GIF';
  return null;
}

/** Read width/height from headers without decoding (JPEG: first SOFn marker; GIF: screen descriptor). */
export function sniffSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  if (format === 'PNG') {
    if (bytes.length < 24) return null;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (format === 'GIF') {
    if (bytes.length < 10) return null;
    return { width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
  }
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = bytes[i + 1]!;
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    i += 2 + len;
  }
  return null;
}

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  constructor(private readonly decoder: ImageDecoder | undefined) {}

  get(hash: string): StoredImage | undefined {
    return this.images.get(hash);
  }

  /** Same checks and errors as figma.createImage. */
  create(data: Uint8Array): FakeImage {
    if (!(data instanceof Uint8Array)) throw new Error('in createImage: Expected a Uint8Array');
    const format = sniffFormat(data);
    if (!format) throw new Error('in createImage: Image type is unsupported (expected PNG, JPEG or GIF bytes)');
    const size = sniffSize(data, format);
    if (!size || size.width < 1 || size.height < 1) throw new Error('in createImage: Image is invalid');
    if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
      throw new Error(`in createImage: Image is too large (${size.width}x${size.height}; maximum is ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE})`);
    }
    const bytes = data.slice();
    const hash = sha1Hex(bytes);
    if (this.images.has(hash)) return new FakeImage(hash, this);
    let pixels: Rgba | null = null;
    let decoded: Promise<void> = Promise.resolve();
    const rec: StoredImage = { hash, bytes, format, width: size.width, height: size.height, pixels, decoded };
    if (format === 'PNG') {
      try {
        pixels = decodePngToRgba(bytes);
      } catch (e) {
        throw new Error(`in createImage: Image is invalid (${(e as Error).message})`);
      }
      rec.pixels = pixels;
    } else if (this.decoder) {
      decoded = this.decoder(bytes, format).then((p) => {
        rec.pixels = p;
      });
      rec.decoded = decoded;
    } else {
      throw new Error(`fake figma: createImage of ${format} is not supported here (no ${format} decoder in Node); pass PNG bytes`);
    }
    this.images.set(hash, rec);
    return new FakeImage(hash, this);
  }

  /** The Image for a stored hash, or null. */
  image(hash: string): FakeImage | null {
    return this.images.has(hash) ? new FakeImage(hash, this) : null;
  }

  /** Resolves when every pending async (JPEG/GIF) decode finished. */
  async whenDecoded(): Promise<void> {
    await Promise.all([...this.images.values()].map((i) => i.decoded));
  }

  hashes(): string[] {
    return [...this.images.keys()];
  }
}
