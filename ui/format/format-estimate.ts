import type { TimeEstimate } from '../runtime/time-estimate.js';
import { formatDuration } from './format-duration.js';

/** "about 2 s" when measured (or narrow), "1 min to 5 min" for a prior range. */
export function formatEstimate(estimate: TimeEstimate): string {
  if (estimate.highMs <= estimate.lowMs * 1.2) return `about ${formatDuration(estimate.lowMs)}`;
  return `${formatDuration(estimate.lowMs)} to ${formatDuration(estimate.highMs)}`;
}
