import type { PreviewInfo, RgbaImage } from '../engine/types.js';
import type { PreviewDecoder } from './preview-decoder.js';

/** What previews may cost, as a share of the denoising time measured so far. */
export const PREVIEW_SHARE = 0.05;

/** The sampler's current estimate of the final latents, fetched only when a preview is drawn (the GPU loop reads it back). */
export type LatentEstimate = () => Promise<Float32Array>;

/**
 * Live previews for one run, throttled: a preview is drawn after a step only while everything previews have cost
 * (decoding and the caller's `show`, timed together), plus what the last one cost, stays within `share` of the
 * denoising time measured so far. The first one is drawn after the first step, its cost unknown; from then on
 * previews thin out to keep the share. None after a variation's last step: its decode follows at once.
 */
export class LivePreview {
  private denoiseMs = 0;
  private spentMs = 0;
  private lastCostMs = 0;
  private mark = 0;

  constructor(
    private readonly decoder: PreviewDecoder,
    private readonly show: (image: RgbaImage, info: PreviewInfo) => void,
    private readonly share = PREVIEW_SHARE,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get costMs(): number {
    return this.spentMs;
  }

  /** Denoising (re)starts: time between runs of the loop (a decode, the next variation's setup) is not a step's. */
  begin(): void {
    this.mark = this.now();
  }

  async afterStep(estimate: LatentEstimate, info: PreviewInfo): Promise<void> {
    const start = this.now();
    this.denoiseMs += start - this.mark;
    this.mark = start;
    if (info.step >= info.total || this.spentMs + this.lastCostMs > this.share * this.denoiseMs) return;
    this.show(await this.decoder.decode(await estimate()), info);
    this.mark = this.now();
    this.lastCostMs = this.mark - start;
    this.spentMs += this.lastCostMs;
  }
}
