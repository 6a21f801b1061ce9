import { dilateSquare } from './hole-mask.js';
import type { PyramidLevel } from './image-pyramid.js';

/** A pyramid level with what PatchMatch needs to know about it for patches of one radius. */
export interface FillLevel extends PyramidLevel {
  /** Patch radius: patches are (2·radius + 1)² pixels. */
  radius: number;
  /** Centres whose patch touches the hole, in scan order: the patches the fill has to find sources for. */
  targets: Int32Array;
  /** 1 where a patch centred here may be copied from: in the sampling band, wholly inside the picture, clear of the hole. */
  sourceOk: Uint8Array;
  /** The same centres as a list, to draw random sources from. */
  sources: Int32Array;
  /** The box around every source centre (inclusive): random search looks only there. */
  sourceBox: { left: number; top: number; right: number; bottom: number };
  /** 1 on kept pixels beside the hole (4-neighbours): where the fill's votes are compared with the picture for a seamless blend. */
  edge: Uint8Array;
  /** Cost per squared pixel (at this level) between a target and its source, added to the patch distance: see SPATIAL_COST. */
  spatial: number;
  /** Every alpha in the level is 255 (as in most photos): patch distances may skip the alpha channel. */
  opaque: boolean;
}

/**
 * What a source costs per squared pixel of distance from its target, on top of the patch distance (a
 * sum of squared RGBA differences over the patch): between two sources that match about equally well,
 * the nearer wins, so the fill continues what lies right beside the hole rather than something alike
 * from across the band (a content-aware fill's usual preference). It is in the level's own pixels, so
 * at coarse levels, where the layout is decided, a source a hole's width away costs a quarter per
 * level less and repeating structure still reaches across. The field's distances carry it into the
 * vote's weights too, so a far source that won narrowly also weighs less. Measured with
 * `npm run bench:instant` (with the bilinear start; photos / textures / synthetic, hole PSNR dB / SSIM):
 * 0: 16.49 / 0.393, 17.09 / 0.300, 21.40 / 0.722; 32: 16.64 / 0.417, 16.78 / 0.296, 21.12 / 0.724;
 * 64: 16.68 / 0.422, 16.88 / 0.305, 21.49 / 0.731; 128 flagged a synthetic case for foreign colour.
 * Above ~40 unrepeated noise is filled markedly smoother than the noise around it (the engine test
 * "fills unrepeated noise with noise": all sources match noise equally badly, so the nearest win and
 * the field loses its coherence), hence 32. Weights from the bare patch distance (without this term)
 * scored photos at 15.95 dB.
 */
export const SPATIAL_COST = 32;

/**
 * `margin` keeps sources a few pixels further from the hole than their patch needs, because a mask
 * drawn by hand usually leaves a rim of the removed object just outside it, and copying that rim into
 * the hole would paint the object back in.
 */
export function prepareFillLevel(level: PyramidLevel, radius: number, margin: number): FillLevel {
  const { width, height, hole, sampling } = level;
  const touchesHole = dilateSquare(hole, width, height, radius);
  const nearHole = margin > 0 ? dilateSquare(hole, width, height, radius + margin) : touchesHole;
  const sourceOk = new Uint8Array(hole.length);
  let targetCount = 0;
  let sourceCount = 0;
  for (let y = 0; y < height; y++) {
    const inside = y >= radius && y < height - radius;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (touchesHole[i]) targetCount++;
      if (inside && x >= radius && x < width - radius && sampling[i] && !nearHole[i]) {
        sourceOk[i] = 1;
        sourceCount++;
      }
    }
  }
  const targets = new Int32Array(targetCount);
  const sources = new Int32Array(sourceCount);
  const sourceBox = { left: width, top: height, right: -1, bottom: -1 };
  let t = 0;
  let s = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (touchesHole[i]) targets[t++] = i;
      if (!sourceOk[i]) continue;
      sources[s++] = i;
      if (x < sourceBox.left) sourceBox.left = x;
      if (x > sourceBox.right) sourceBox.right = x;
      if (y < sourceBox.top) sourceBox.top = y;
      if (y > sourceBox.bottom) sourceBox.bottom = y;
    }
  }
  return { ...level, radius, targets, sourceOk, sources, sourceBox, edge: keptBesideHole(hole, width, height), spatial: SPATIAL_COST, opaque: allOpaque(level.rgba) };
}

function keptBesideHole(hole: Uint8Array, width: number, height: number): Uint8Array {
  const edge = new Uint8Array(hole.length);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (hole[i]) continue;
      if ((x > 0 && hole[i - 1]) || (x < width - 1 && hole[i + 1]) || (y > 0 && hole[i - width]) || (y < height - 1 && hole[i + width])) edge[i] = 1;
    }
  }
  return edge;
}

function allOpaque(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}
