/**
 * Cost against image size (fixed small mask) and against mask area, through the full-resolution layer
 * (models/full-resolution: crop a window around the mask, run at the model's native size, paste back),
 * with the engine's own whole-image run at small sizes for contrast. Few steps: a window's model cost does
 * not depend on the source, so the step count only scales the flat part.
 */
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import type { InpaintRequest, MaskImage } from '../../models/engine/types.js';
import { inpaintFullResolution, type WindowEngine } from '../../models/full-resolution/index.js';
import { centredMask, gradientImage, rectMask } from '../core/requests.js';
import type { SessionSpy } from '../core/session-spy.js';

export interface ScalingRow {
  series: 'image size, windowed' | 'mask area, windowed' | 'image size, whole image';
  imageSide: number;
  maskPixels: number;
  maskFraction: number;
  windows: number;
  /** Model input size of the (first) window. */
  modelSide: string;
  wallMs: number;
  /** Inside engine.run (model + the engine's own work). */
  engineMs: number;
  /** Inside onnxruntime. */
  modelMs: number;
  /** Outside engine.run: window planning, crop, resize, mask ops, colour match, feathered paste. */
  windowingMs: number;
  /** Process CPU time over the case: steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Node only: growth of the process's peak RSS during this case (bytes). */
  peakRssGrowth: number;
}

export interface ScalingOptions {
  steps: number;
  imageSides: number[];
  /** Side of the fixed small square mask (px). */
  smallMaskSide: number;
  maskAreaImageSide: number;
  maskFractions: number[];
  wholeImageSides: number[];
  log: (line: string) => void;
}

function squareMask(side: number, maskSide: number): MaskImage {
  const x0 = Math.round((side - maskSide) / 2);
  return rectMask(side, side, x0, x0, x0 + maskSide, x0 + maskSide);
}

function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export async function scalingBenchmark(engine: PowerPaintEngine, spy: SessionSpy, options: ScalingOptions): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  const base = { task: 'object' as const, prompt: 'a red cat on a chair', steps: options.steps, guidance: 7.5, seed: 7 };
  let engineMs = 0;
  let modelSide = '';
  const timed: WindowEngine = {
    manifest: engine.manifest,
    async run(request, control) {
      modelSide ||= `${request.image.width}x${request.image.height}`;
      const t0 = performance.now();
      try {
        return await engine.run(request, control);
      } finally {
        engineMs += performance.now() - t0;
      }
    },
  };
  const measure = async (series: ScalingRow['series'], request: InpaintRequest, windowed: boolean) => {
    engineMs = 0;
    modelSide = '';
    spy.clear();
    const rssBefore = maxRss();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let windows = 1;
    if (windowed) {
      const result = await inpaintFullResolution(timed, request, { fullImage: 'copy' });
      windows = result.windows.length;
    } else {
      await timed.run(request);
    }
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const maskPixels = request.mask.data.reduce((n, v) => n + (v >= 128 ? 1 : 0), 0);
    const modelMs = spy.calls.reduce((a, c) => a + c.end - c.start, 0);
    const row: ScalingRow = {
      series,
      imageSide: request.image.width,
      maskPixels,
      maskFraction: maskPixels / (request.image.width * request.image.height),
      windows,
      modelSide,
      wallMs,
      engineMs,
      modelMs,
      windowingMs: wallMs - engineMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssGrowth: maxRss() - rssBefore,
    };
    options.log(
      `  ${series.padEnd(24)} ${String(row.imageSide).padStart(5)} px, mask ${(100 * row.maskFraction).toFixed(2).padStart(6)} %: ` +
        `${wallMs.toFixed(0).padStart(6)} ms, CPU ${row.cpuMs.toFixed(0).padStart(6)} ms (model ${modelMs.toFixed(0)}, windowing ${row.windowingMs.toFixed(0)}) at ${modelSide}`,
    );
    rows.push(row);
  };

  // Warm-up: the first run of a size pays ORT's shape-dependent setup; keep it out of the series.
  await timed.run({ ...base, image: gradientImage(512, 512), mask: centredMask(512, 512, 0.05) });
  for (const side of options.imageSides) {
    await measure('image size, windowed', { ...base, image: gradientImage(side, side), mask: squareMask(side, options.smallMaskSide) }, true);
  }
  const side = options.maskAreaImageSide;
  const image = gradientImage(side, side);
  for (const fraction of options.maskFractions) {
    await measure('mask area, windowed', { ...base, image, mask: centredMask(side, side, fraction) }, true);
  }
  for (const whole of options.wholeImageSides) {
    await measure('image size, whole image', { ...base, image: gradientImage(whole, whole), mask: squareMask(whole, options.smallMaskSide) }, false);
  }
  return rows;
}
