import type { Explanation } from '../errors/explain-error.js';

/** A problem in plain words, what to do next, and (optionally) a button that does it. */
export function ErrorBanner({
  explanation,
  tone = 'error',
  actionLabel,
  onAction,
  testId = 'error',
  announce = true,
}: {
  explanation: Explanation;
  tone?: 'error' | 'warning';
  actionLabel?: string;
  onAction?: () => void;
  testId?: string;
  /** False inside a live region that already announces it (the window's status line). */
  announce?: boolean;
}) {
  const role = !announce ? undefined : tone === 'error' ? 'alert' : 'status';
  return (
    <div class={`banner ${tone}`} role={role} data-testid={testId} data-kind={explanation.kind}>
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
