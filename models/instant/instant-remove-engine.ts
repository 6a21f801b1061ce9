import { throwIfAborted } from '../engine/errors.js';
import type { InpaintRequest, InpaintResult, RunControl, Stage, Variation } from '../engine/types.js';
import { fillHole } from './fill-hole.js';
import { holeFromMask } from './hole-mask.js';
import { marchFill } from './march-inward.js';
import { InstantProgress } from './instant-progress.js';
import { pasteFill } from './paste-fill.js';
import { planFill } from './plan-fill.js';
import { smoothFillShare } from './ring-validation.js';
import { SeededRandom } from '../random/seeded-random.js';
import { validateRemoveRequest } from './validate-remove-request.js';

/** What the window shows while this engine paints, so no one mistakes it for the model. */
export const INSTANT_ENGINE_LABEL = 'Instant remove (no model: fills from around the painted area)';

/** Hand the thread back this often, so a browser can paint progress and deliver a Cancel click. */
const YIELD_EVERY_MS = 40;

/**
 * The remove task with nothing to download: classical exemplar-based inpainting (multi-scale PatchMatch
 * with EM voting, sources from a band around the hole, a diffused start, a gradient-domain seam) in
 * plain TypeScript, mixed with Telea's smooth fill where a check on held-out pixels around the hole
 * says the smooth fill lays the hole out better (`smoothFillShare`). Same `run` contract as PowerPaintEngine, so the windowing layer
 * and the UI can drive either: same request and result types, the same error codes, progress as the
 * 'denoise' stage, cancellation between iterations, variation i from seed + i. Pixels outside the mask
 * come back bit-identical; any image size works.
 */
export class InstantRemoveEngine {
  readonly label = INSTANT_ENGINE_LABEL;
  readonly isModel = false;
  /**
   * The window the full-resolution layer (models/full-resolution) cuts around each masked area for it:
   * at most about 512² pixels, as for SD-1.5, so a fill costs the same on a 4096 px photo as on a 512 px
   * one; smaller windows run at their own size (any size works, and resampling would blur the fill).
   */
  readonly manifest = { sampleSize: 64, vaeScaleFactor: 8, sizeMultiple: 1, upscale: false } as const;
  /**
   * How the full-resolution layer should paste a window's fill back: exactly over the mask. The fill
   * already meets the kept pixels without a seam (a gradient-domain blend inside the hole), and there
   * is no colour drift to correct, so growing, feathering or colour-matching would only change kept
   * pixels around every removal (a halo) and blur the fill's edge.
   */
  readonly pasteOptions = { grow: 0, feather: 0, colorMatch: false } as const;

  async run(request: InpaintRequest, control: RunControl = {}): Promise<InpaintResult> {
    validateRemoveRequest(request);
    throwIfAborted(control.signal);
    const { image, mask } = request;
    const variations = request.variations ?? 1;
    const baseSeed = request.seed ?? randomSeed();
    const warnings: string[] = [];
    if (request.prompt?.trim()) warnings.push('Instant remove fills from the picture itself and does not read the prompt.');

    const hole = holeFromMask(mask);
    const plan = planFill(image, hole);
    // Decided once for the run (the check has its own seed): every variation mixes the same share.
    const smoothShare = smoothFillShare(image, hole);
    const smooth = smoothShare > 0 ? marchFill(image, hole) : undefined;
    const stepsPerVariation = plan.iterations.reduce((a, b) => a + b, 0);
    const workPerVariation = plan.iterations.reduce((sum, n, i) => sum + n * plan.work[i]!, 0);
    const progress = new InstantProgress(stepsPerVariation * variations, workPerVariation * variations, control.onProgress);
    let lastYield = performance.now();

    const results: Variation[] = [];
    for (let v = 0; v < variations; v++) {
      const seed = (baseSeed + v) >>> 0;
      progress.begin(v);
      const fill = fillHole(plan, new SeededRandom(seed));
      let next = fill.next();
      while (!next.done) {
        progress.step(plan.work[next.value.level]!, v);
        throwIfAborted(control.signal);
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
          throwIfAborted(control.signal);
        }
        next = fill.next();
      }
      if (smooth) mixInHole(next.value, smooth, hole, smoothShare);
      results.push({ image: pasteFill(image, hole, next.value), seed });
    }
    const timings: Record<Stage, number> = { load: 0, 'encode-text': 0, 'encode-image': 0, denoise: progress.elapsedMs, decode: 0 };
    return { variations: results, warnings, backend: 'instant', latentsOnGpu: false, timings };
  }
}

/** `share` of the smooth fill into the patch fill, on hole pixels only (in place). */
function mixInHole(filled: Uint8ClampedArray, smooth: Uint8ClampedArray, hole: Uint8Array, share: number): void {
  for (let p = 0; p < hole.length; p++) {
    if (!hole[p]) continue;
    for (let at = p * 4; at < p * 4 + 4; at++) filled[at] = filled[at]! + share * (smooth[at]! - filled[at]!);
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
