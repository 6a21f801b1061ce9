import type { TimeEstimate } from '../runtime/time-estimate.js';
import { formatDuration } from './format-duration.js';

/** "about 2 s" when measured (or narrow), "1 min to 5 min" for a prior range, "under a second" below one. */
export function formatEstimate(estimate: TimeEstimate): string {
  const low = formatDuration(estimate.lowMs);
  const high = formatDuration(estimate.highMs);
  if (high === low && estimate.highMs < 1000) return low;
  if (estimate.highMs <= estimate.lowMs * 1.2 || high === low) return `about ${low}`;
  return `${low} to ${high}`;
}
