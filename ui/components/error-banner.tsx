import type { Explanation } from '../errors/explain-error.js';

/** A problem in plain words, what to do next, and (optionally) a button that does it. */
export function ErrorBanner({
  explanation,
  tone = 'error',
  actionLabel,
  onAction,
  testId = 'error',
}: {
  explanation: Explanation;
  tone?: 'error' | 'warning';
  actionLabel?: string;
  onAction?: () => void;
  testId?: string;
}) {
  return (
    <div class={`banner ${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId} data-kind={explanation.kind}>
      <strong>{explanation.title}</strong>
      {explanation.action && <span> {explanation.action}</span>}
      {actionLabel && onAction && (
        <button type="button" class="link-button" onClick={onAction}>
          {actionLabel}
        </button>
      )}
    </div>
  );
}
