import type { ComponentChildren } from 'preact';
import { LIMITS, SCHEDULER_CHOICES, type RunSettings } from '../settings/run-settings.js';
import { SPEED_PRESETS } from '../settings/speed-presets.js';
import { NumberField } from './number-field.js';
import { PromptField } from './prompt-field.js';

/** Speed preset, and under "Advanced" everything it sets plus seed, variations, output, negative prompt. */
export function AdvancedPanel({
  settings,
  disabled,
  isModel,
  onPreset,
  onChange,
  speedNote,
}: {
  settings: RunSettings;
  disabled: boolean;
  /** The instant remover ignores steps, guidance and scheduler: say so. */
  isModel: boolean;
  onPreset: (preset: RunSettings['preset']) => void;
  onChange: (patch: Partial<RunSettings>) => void;
  /** More about the chosen preset with this model (LcmLoraNote). */
  speedNote?: ComponentChildren;
}) {
  return (
    <>
      <fieldset class="field" disabled={disabled}>
        <legend>Speed</legend>
        <div class="segmented" role="radiogroup" aria-label="Speed preset">
          {SPEED_PRESETS.map((preset) => (
            <button
              key={preset.value}
              type="button"
              role="radio"
              aria-checked={settings.preset === preset.value}
              data-testid={`preset-${preset.value}`}
              title={preset.hint}
              onClick={() => onPreset(preset.value)}
            >
              {preset.label}
            </button>
          ))}
        </div>
        <span class="hint">
          {settings.preset === 'custom' ? 'Custom settings (see Advanced).' : SPEED_PRESETS.find((p) => p.value === settings.preset)?.hint}
        </span>
        {speedNote}
      </fieldset>
      <details class="panel" data-testid="advanced">
        <summary>Advanced</summary>
        <fieldset class="panel-body" disabled={disabled}>
          {!isModel && <p class="hint">Instant remove uses only the seed and the number of variations.</p>}
          {(settings.task === 'object' || settings.task === 'shape') && (
            <PromptField
              id="negative-prompt"
              label="Negative prompt"
              value={settings.negativePrompt}
              placeholder="What to keep out, e.g. text, watermark"
              disabled={disabled}
              onInput={(negativePrompt) => onChange({ negativePrompt })}
            />
          )}
          <div class="grid">
            <label for="steps">Steps</label>
            <NumberField id="steps" data-testid="steps" label="Steps" min={LIMITS.steps.min} max={LIMITS.steps.max} value={settings.steps} onCommit={(steps) => onChange({ steps })} />
            <label for="guidance">Guidance</label>
            <NumberField id="guidance" data-testid="guidance" label="Guidance" min={LIMITS.guidance.min} max={LIMITS.guidance.max} step={0.5} value={settings.guidance} onCommit={(guidance) => onChange({ guidance })} />
            <label for="scheduler">Scheduler</label>
            <select id="scheduler" data-testid="scheduler" value={settings.scheduler} onChange={(e) => onChange({ scheduler: e.currentTarget.value })}>
              {SCHEDULER_CHOICES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <label for="variations">Variations</label>
            <NumberField id="variations" data-testid="variations" label="Variations" min={LIMITS.variations.min} max={LIMITS.variations.max} value={settings.variations} onCommit={(variations) => onChange({ variations })} />
            <label for="seed">Seed</label>
            <span class="seed-row">
              <NumberField id="seed" data-testid="seed" label="Seed" min={LIMITS.seed.min} max={LIMITS.seed.max} value={settings.seed} onCommit={(seed) => onChange({ seed, seedMode: 'lock' })} />
              <label class="inline" title="Keep this seed for every run (same settings give the same picture)">
                <input type="checkbox" data-testid="seed-lock" checked={settings.seedMode === 'lock'} onChange={(e) => onChange({ seedMode: e.currentTarget.checked ? 'lock' : 'new' })} />
                Lock
              </label>
            </span>
            <span id="output-label">Output</span>
            <span class="segmented" role="radiogroup" aria-labelledby="output-label">
              <button type="button" role="radio" aria-checked={settings.output === 'layer'} data-testid="output-layer" title="A new layer the size of the source" onClick={() => onChange({ output: 'layer' })}>
                New layer
              </button>
              <button type="button" role="radio" aria-checked={settings.output === 'patch'} data-testid="output-patch" title="Only the changed area, placed over it" onClick={() => onChange({ output: 'patch' })}>
                Patch
              </button>
            </span>
          </div>
        </fieldset>
      </details>
    </>
  );
}
