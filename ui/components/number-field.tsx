import { useState } from 'preact/hooks';

/**
 * A number input that keeps what is being typed until the person leaves the field (or presses Enter),
 * then commits it clamped to [min, max] (whole numbers unless `step` allows fractions). A controlled
 * input alone would re-render the stored value over the typing whenever anything else updates the
 * window meanwhile (a progress event, a canvas arriving from the plugin).
 */
export function NumberField({
  value,
  min,
  max,
  step = 1,
  onCommit,
  ...attributes
}: {
  value: number;
  min: number;
  max: number;
  step?: number;
  onCommit: (value: number) => void;
  id?: string;
  'data-testid'?: string;
  'aria-label'?: string;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...attributes}
      type="number"
      min={min}
      max={max}
      step={step}
      value={draft ?? String(value)}
      onInput={(event) => setDraft(event.currentTarget.value)}
      onChange={(event) => {
        setDraft(null);
        onCommit(clampNumber(event.currentTarget.value, min, max, Number.isInteger(step)));
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

export function clampNumber(text: string, min: number, max: number, whole: boolean): number {
  const parsed = Number(text);
  const value = Number.isFinite(parsed) && text.trim() !== '' ? Math.min(max, Math.max(min, parsed)) : min;
  return whole ? Math.round(value) : value;
}
