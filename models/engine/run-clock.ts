import type { Progress, Stage } from './types.js';

/**
 * Stage timings and progress events for one run. The ETA counts the denoising steps left at the
 * measured step rate, plus one decode per variation still to decode (measured after the first).
 */
export class RunClock {
  private readonly start = performance.now();
  private stageStart = this.start;
  private stepsDone = 0;
  private decodesDone = 0;
  readonly timings: Record<Stage, number> = { load: 0, 'encode-text': 0, 'encode-image': 0, denoise: 0, decode: 0 };

  constructor(
    private readonly totalSteps: number,
    private readonly variations: number,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
  ) {}

  begin(stage: Stage, variation = 0): void {
    this.stageStart = performance.now();
    if (stage === 'denoise') this.emit(stage, this.stepsDone, this.totalSteps, variation);
    else this.emit(stage, 0, 1, variation);
  }

  step(variation: number): void {
    const now = performance.now();
    this.timings.denoise += now - this.stageStart;
    this.stageStart = now;
    this.stepsDone++;
    this.emit('denoise', this.stepsDone, this.totalSteps, variation);
  }

  end(stage: Stage, variation = 0): void {
    if (stage === 'denoise') return;
    this.timings[stage] += performance.now() - this.stageStart;
    if (stage === 'decode') this.decodesDone++;
    this.emit(stage, 1, 1, variation);
  }

  private emit(stage: Stage, step: number, total: number, variation: number): void {
    if (!this.onProgress) return;
    let etaMs: number | undefined;
    if (this.stepsDone > 0) {
      const stepMs = this.timings.denoise / this.stepsDone;
      const decodeMs = this.decodesDone > 0 ? this.timings.decode / this.decodesDone : 2 * stepMs;
      etaMs = (this.totalSteps - this.stepsDone) * stepMs + (this.variations - this.decodesDone) * decodeMs;
    }
    this.onProgress({ stage, step, total, elapsedMs: performance.now() - this.start, etaMs, variation });
  }
}
