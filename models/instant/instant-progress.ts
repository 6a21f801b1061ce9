import type { Progress } from '../engine/types.js';

/**
 * Progress for an instant fill, reported as the 'denoise' stage with one step per EM iteration over all
 * variations. Iterations differ in cost by up to 4x a level, so the ETA is measured in work (target
 * pixels x patch area, from the plan) rather than in steps.
 */
export class InstantProgress {
  private readonly start = performance.now();
  private stepsDone = 0;
  private workDone = 0;

  constructor(
    private readonly totalSteps: number,
    private readonly totalWork: number,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
  ) {}

  get elapsedMs(): number {
    return performance.now() - this.start;
  }

  begin(variation: number): void {
    this.emit(variation);
  }

  step(work: number, variation: number): void {
    this.stepsDone++;
    this.workDone += work;
    this.emit(variation);
  }

  private emit(variation: number): void {
    if (!this.onProgress) return;
    const elapsedMs = this.elapsedMs;
    const etaMs = this.workDone > 0 ? (elapsedMs / this.workDone) * Math.max(0, this.totalWork - this.workDone) : undefined;
    this.onProgress({ stage: 'denoise', step: this.stepsDone, total: this.totalSteps, elapsedMs, etaMs, variation });
  }
}
