import { createRequire } from 'node:module';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';

/** OpenCV's two model-free fills, the ones IOPaint offers with no download ('cv2'). */
export type PeerName = 'telea' | 'ns';

/** IOPaint's default inpaint radius for its OpenCV option. */
const INPAINT_RADIUS = 4;

// opencv.js (the @techstark/opencv-js build of OpenCV 4.5) is an Emscripten module without types.
type OpenCv = any;

/**
 * Loads OpenCV's JavaScript build (a devDependency) in this Node process, so the peers run on the same
 * pictures, masks and core as ours. It is CommonJS and resolves the way `require` does (NODE_PATH too).
 */
export async function loadOpenCv(): Promise<{ cv: OpenCv }> {
  const require = createRequire(import.meta.url);
  const cv: OpenCv = require('@techstark/opencv-js');
  if (!cv.Mat) await new Promise<void>((resolve) => (cv.onRuntimeInitialized = resolve));
  // Wrapped: the Emscripten module has a `then` of its own, so resolving a promise with it never settles.
  return { cv };
}

/** `cv.inpaint` over RGB (alpha is the source's), with the mask's >= 128 as the hole. */
export function opencvInpaint(cv: OpenCv, peer: PeerName, image: RgbaImage, mask: MaskImage): RgbaImage {
  const { width, height } = image;
  const src = new cv.Mat(height, width, cv.CV_8UC3);
  const hole = new cv.Mat(height, width, cv.CV_8UC1);
  const dst = new cv.Mat();
  try {
    for (let p = 0; p < width * height; p++) {
      src.data[p * 3] = image.data[p * 4];
      src.data[p * 3 + 1] = image.data[p * 4 + 1];
      src.data[p * 3 + 2] = image.data[p * 4 + 2];
      hole.data[p] = mask.data[p]! >= 128 ? 255 : 0;
    }
    cv.inpaint(src, hole, dst, INPAINT_RADIUS, peer === 'telea' ? cv.INPAINT_TELEA : cv.INPAINT_NS);
    const data = new Uint8ClampedArray(image.data);
    for (let p = 0; p < width * height; p++) {
      data[p * 4] = dst.data[p * 3];
      data[p * 4 + 1] = dst.data[p * 3 + 1];
      data[p * 4 + 2] = dst.data[p * 3 + 2];
    }
    return { width, height, data };
  } finally {
    src.delete();
    hole.delete();
    dst.delete();
  }
}
