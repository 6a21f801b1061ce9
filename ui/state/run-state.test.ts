import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../engine/engine.js';
import { shownRun, type RunState } from './run-state.js';

const results: RunState = {
  state: 'results',
  jobId: 'job-1',
  sourceId: '1:2',
  sourceName: 'Photo',
  result: { variations: [] } as unknown as EngineResult,
  selected: 0,
  seconds: 1,
  output: 'layer',
};

describe('results belong to their layer', () => {
  it('are shown while their own layer is the one shown', () => {
    expect(shownRun(results, { sourceId: '1:2', name: 'Photo' })).toBe(results);
  });

  it('are not shown with another layer, and the status line says where they are', () => {
    const shown = shownRun(results, { sourceId: '1:9', name: 'Other' });
    expect(shown).toEqual({
      state: 'done',
      text: 'The result for “Photo” is kept until the next run: select “Photo” again to insert it. It is not shown with “Other”.',
    });
  });

  it('are not shown with no layer (the source deleted or deselected), and the line says how to get them back', () => {
    expect(shownRun(results, null)).toEqual({
      state: 'done',
      text: '“Photo” is no longer selected. Its result is kept until the next run: select “Photo” again to insert it (if you deleted it, Undo brings it back).',
    });
  });

  it('leave every other state as it is', () => {
    const running: RunState = { state: 'running', jobId: 'job-1', index: 1, count: 1, sourceName: 'Photo', progress: null, preview: null, startedAt: 0 };
    expect(shownRun(running, { sourceId: '1:9', name: 'Other' })).toBe(running);
    expect(shownRun({ state: 'idle' }, null)).toEqual({ state: 'idle' });
  });
});
