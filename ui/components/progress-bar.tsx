import type { Stage } from '../../models/engine/types.js';
import type { EngineProgress } from '../engine/engine.js';
import { formatDuration } from '../format/format-duration.js';

const STAGE_WORDS: Record<Stage, string> = {
  load: 'Loading',
  'encode-text': 'Reading the prompt',
  'encode-image': 'Reading the image',
  denoise: 'Painting',
  decode: 'Finishing',
};

/** The run's progress: stage, step n of N, window, job of a batch, time left, and Cancel. */
export function ProgressBar({
  progress,
  index,
  count,
  sourceName,
  onCancel,
}: {
  progress: EngineProgress | null;
  index: number;
  count: number;
  sourceName: string;
  onCancel: () => void;
}) {
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  const parts: string[] = [];
  if (progress) {
    parts.push(STAGE_WORDS[progress.stage]);
    if (progress.stage === 'denoise') parts.push(`step ${progress.step} of ${progress.total}`);
    if (progress.windows > 1) parts.push(`area ${progress.window + 1} of ${progress.windows}`);
  } else {
    parts.push('Starting');
  }
  const eta = progress?.etaMs !== undefined ? `about ${formatDuration(progress.etaMs)} left` : 'estimating time…';
  return (
    <section class="progress" data-testid="progress" aria-label="Run progress">
      <div class="progress-head">
        <span data-testid="progress-text">
          {count > 1 ? `Layer ${index} of ${count} (“${sourceName}”): ` : ''}
          {parts.join(' · ')}
        </span>
        <span class="secondary" data-testid="progress-eta">
          {eta}
        </span>
      </div>
      <div class="progress-row">
        <progress max={100} value={percent} aria-label={`${percent}% done`} data-testid="progress-bar" />
        <button type="button" class="secondary-button" data-testid="cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
