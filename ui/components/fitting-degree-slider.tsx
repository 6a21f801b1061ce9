/** Fill shape's fitting degree, 0 to 1, with what the two useful ranges do. */
export function FittingDegreeSlider({ value, disabled, onInput }: { value: number; disabled: boolean; onInput: (value: number) => void }) {
  const meaning = value >= 0.8 ? 'fits the drawn shape' : value >= 0.45 && value <= 0.7 ? 'the object takes its own shape' : value < 0.45 ? 'shape mostly ignored' : 'between the two';
  return (
    <div class="field">
      <label for="fitting-degree">
        Fitting degree <output for="fitting-degree">{value.toFixed(2)}</output> <span class="secondary">— {meaning}</span>
      </label>
      <input
        id="fitting-degree"
        data-testid="fitting-degree"
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={value}
        disabled={disabled}
        aria-describedby="fitting-degree-hint"
        onInput={(event) => onInput(Number(event.currentTarget.value))}
      />
      <span id="fitting-degree-hint" class="hint">
        0.5–0.6 lets the object take its own shape; 0.8–0.95 fits the shape you drew.
      </span>
    </div>
  );
}
