import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progress-tracker.js';

describe('ProgressTracker', () => {
  it('measures ms per denoising step and projects it over the windows still to run', () => {
    let now = 0;
    const tracker = new ProgressTracker(10, () => now);
    tracker.update({ stage: 'denoise', step: 0, total: 10, etaMs: undefined }, 0, 2);
    now = 100;
    tracker.update({ stage: 'denoise', step: 1, total: 10, etaMs: 900 }, 0, 2);
    now = 200;
    const p = tracker.update({ stage: 'denoise', step: 2, total: 10, etaMs: 800 }, 0, 2);
    expect(tracker.stepMs).toBe(100);
    // 8 steps left here, 10 in the second window.
    expect(p.etaMs).toBe(1800);
    expect(p.fraction).toBeGreaterThan(0);
    expect(p.fraction).toBeLessThan(0.5);
    expect(p).toMatchObject({ window: 0, windows: 2, step: 2, total: 10, elapsedMs: 200 });
  });

  it('goes from 0 to 1 over the stages and windows', () => {
    const tracker = new ProgressTracker(4, () => 0);
    expect(tracker.update({ stage: 'encode-text', step: 0, total: 1, etaMs: undefined }, 0, 1).fraction).toBe(0);
    expect(tracker.update({ stage: 'decode', step: 1, total: 1, etaMs: 0 }, 1, 2).fraction).toBe(1);
    expect(tracker.stepMs).toBeUndefined();
  });
});
