import { useState } from 'preact/hooks';

/**
 * A number input that keeps what is being typed until the person leaves the field (or presses Enter),
 * then commits it within [min, max] (whole numbers unless `step` allows fractions). When the typed value
 * can't be used as it is, the field says what range applies and what it used instead, under the input,
 * until the next edit. A controlled input alone would re-render the stored value over the typing whenever
 * anything else updates the window meanwhile (a progress event, a canvas arriving from the plugin).
 */
export function NumberField({
  value,
  min,
  max,
  step = 1,
  label,
  onCommit,
  ...attributes
}: {
  value: number;
  min: number;
  max: number;
  step?: number;
  /** What the number is, for the note ("Steps"). */
  label: string;
  onCommit: (value: number) => void;
  id?: string;
  'data-testid'?: string;
  'aria-label'?: string;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const testId = attributes['data-testid'];
  return (
    <span class="number-field">
      <input
        {...attributes}
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        aria-invalid={note !== null}
        onInput={(event) => {
          setDraft(event.currentTarget.value);
          setNote(null);
        }}
        onChange={(event) => {
          setDraft(null);
          const committed = commitNumber(event.currentTarget.value, value, { min, max, whole: Number.isInteger(step), label });
          setNote(committed.note);
          onCommit(committed.value);
        }}
        onBlur={() => setDraft(null)}
      />
      {note !== null && (
        <span class="field-note" role="status" data-testid={testId === undefined ? undefined : `${testId}-note`}>
          {note}
        </span>
      )}
    </span>
  );
}

/**
 * What a number field commits for typed `text`, and what to tell the person when it is not the number typed:
 * out of range, not whole, or not a number at all (then the current value stays).
 */
export function commitNumber(
  text: string,
  current: number,
  limits: { min: number; max: number; whole: boolean; label: string },
): { value: number; note: string | null } {
  const { min, max, whole, label } = limits;
  const range = `${whole ? 'whole numbers ' : ''}from ${min} to ${max}`;
  const parsed = Number(text);
  if (text.trim() === '' || !Number.isFinite(parsed)) {
    return { value: current, note: `${label}: type a ${whole ? 'whole number' : 'number'} from ${min} to ${max}; kept ${current}.` };
  }
  const clamped = Math.min(max, Math.max(min, parsed));
  const value = whole ? Math.round(clamped) : clamped;
  return { value, note: value === parsed ? null : `${label}: ${range}, so ${text.trim()} became ${value}.` };
}
