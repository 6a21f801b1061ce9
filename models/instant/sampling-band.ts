import { dilateSquare } from './hole-mask.js';

/** The band is never thinner than this: a few patches' worth of context, even around a thin stroke. */
const MIN_BAND_PX = 16;
/**
 * ... and otherwise this many times the hole's depth, so a larger hole samples a larger neighbourhood.
 * Measured with `npm run bench:instant`: a narrower band scores better on photos (hole PSNR 16.7 dB
 * at 0.5, 16.0 at 2, 15.6 at 3), but below 2 a large hole's band holds too few patches for the coarse
 * levels (see MIN_SOURCES_PER_TARGET in plan-fill.ts), the fill runs at one level, and repeating
 * structure (stripes, a checkerboard, mortar lines) no longer continues through the hole.
 */
const BAND_PER_DEPTH = 2;

/**
 * Where a fill may copy from, as content-aware fill tools do: the kept pixels within a band around the
 * hole whose width grows with the hole's depth (1 = may be sampled). Not the whole picture: what lies
 * far from the hole is usually another thing (a face beside the dark backdrop being repaired), and a
 * patch match can prefer it for a texture that happens to fit.
 */
export function samplingBand(hole: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  return ringAround(hole, width, height, Math.max(MIN_BAND_PX, Math.ceil(BAND_PER_DEPTH * depth)));
}

/**
 * A coarse level's band: the finer band halved, but never thinner than a patch and a bit beyond it.
 * Halving thins the band in coarse pixels while sources must clear the hole by a patch radius, so
 * without this the coarse levels would run out of sources exactly where the layout is decided.
 */
export function widenForPatches(sampling: Uint8Array, hole: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const ring = ringAround(hole, width, height, 2 * radius + 2);
  for (let i = 0; i < ring.length; i++) ring[i] = ring[i]! | sampling[i]!;
  return ring;
}

function ringAround(hole: Uint8Array, width: number, height: number, reach: number): Uint8Array {
  const ring = dilateSquare(hole, width, height, reach);
  for (let i = 0; i < ring.length; i++) if (hole[i]) ring[i] = 0;
  return ring;
}
