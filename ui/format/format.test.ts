import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.js';
import { formatDuration } from './format-duration.js';
import { formatEstimate } from './format-estimate.js';

describe('formatting for people', () => {
  it('bytes, durations and estimates', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1.7e9)).toBe('1.7 GB');
    expect(formatDuration(800)).toBe('under a second');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(150_000)).toBe('2 min 30 s');
    expect(formatDuration(7_400_000)).toBe('2 h 3 min');
    expect(formatEstimate({ lowMs: 2000, highMs: 2200, basis: '' })).toBe('about 2 s');
    expect(formatEstimate({ lowMs: 60_000, highMs: 300_000, basis: '' })).toBe('1 min to 5 min');
    // Both ends below a second (instant remove on a small area): one phrase, not "under a second to under a second".
    expect(formatEstimate({ lowMs: 150, highMs: 900, basis: '' })).toBe('under a second');
    expect(formatEstimate({ lowMs: 300, highMs: 1800, basis: '' })).toBe('under a second to 2 s');
    expect(formatEstimate({ lowMs: 1400, highMs: 1600, basis: '' })).toBe('about 1 s');
  });
});
