import type { Progress, Stage } from '../../models/engine/types.js';
import type { EngineProgress } from './engine.js';

/**
 * Turns per-window engine progress into one progress over the whole run, with an ETA from the time
 * per denoising step measured so far (the engine's own ETA only covers its window).
 */
export class ProgressTracker {
  private readonly started: number;
  private stepsDone = 0;
  private denoiseMs = 0;
  private lastDenoise: { window: number; step: number; at: number } | undefined;

  constructor(
    private readonly stepsPerWindow: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Milliseconds per denoising step measured so far. */
  get stepMs(): number | undefined {
    return this.stepsDone > 0 ? this.denoiseMs / this.stepsDone : undefined;
  }

  update(p: Pick<Progress, 'stage' | 'step' | 'total' | 'etaMs'>, window: number, windows: number): EngineProgress {
    const at = this.now();
    if (p.stage === 'denoise') {
      const last = this.lastDenoise;
      if (last && last.window === window && p.step > last.step) {
        this.stepsDone += p.step - last.step;
        this.denoiseMs += at - last.at;
      }
      this.lastDenoise = { window, step: p.step, at };
    }
    const within = stageFraction(p.stage, p.step, p.total);
    const fraction = Math.min(1, (window + within) / Math.max(1, windows));
    const remainingWindows = Math.max(0, windows - window - 1);
    let etaMs: number | undefined = p.etaMs;
    const stepMs = this.stepMs;
    if (stepMs !== undefined) {
      const leftHere = p.stage === 'denoise' ? (p.total - p.step) * stepMs : p.etaMs ?? 0;
      etaMs = leftHere + remainingWindows * this.stepsPerWindow * stepMs;
    } else if (etaMs !== undefined && fraction > 0) {
      etaMs = etaMs + remainingWindows * (etaMs / Math.max(1e-6, 1 - within));
    }
    return { stage: p.stage, step: p.step, total: p.total, window, windows, fraction, etaMs, elapsedMs: at - this.started };
  }
}

/** Share of a window's time a stage point stands for: denoising is nearly all of it. */
function stageFraction(stage: Stage, step: number, total: number): number {
  const part = total > 0 ? step / total : 0;
  switch (stage) {
    case 'load':
      return 0;
    case 'encode-text':
      return 0.01 * part;
    case 'encode-image':
      return 0.01 + 0.02 * part;
    case 'denoise':
      return 0.03 + 0.92 * part;
    case 'decode':
      return 0.95 + 0.05 * part;
  }
}
