import type { OutpaintSummary } from '../../plugin/protocol/messages.js';
import { LIMITS, type OutpaintTargetChoice } from '../settings/run-settings.js';
import { NumberField } from './number-field.js';

const RATIOS = ['1:1', '4:3', '3:2', '16:9', '9:16', '4:5', '2:1'];

/** Where Outpaint extends to: the frame around the layer, an aspect ratio, or pixels on every side. */
export function OutpaintTargetField({
  target,
  frame,
  disabled,
  onChange,
}: {
  target: OutpaintTargetChoice;
  frame: OutpaintSummary | null;
  disabled: boolean;
  onChange: (target: OutpaintTargetChoice) => void;
}) {
  const frameText =
    frame === null
      ? 'no frame around this layer'
      : frame.target === 'frame'
        ? `“${frame.name ?? 'frame'}”, ${frame.width} × ${frame.height} px`
        : frame.target === 'fit-bands'
          ? `the empty bands of the fill, ${frame.width} × ${frame.height} px`
          : `${frame.width} × ${frame.height} px`;
  return (
    <fieldset class="field outpaint-target" disabled={disabled}>
      <legend>Extend to</legend>
      <label class="inline">
        <input type="radio" name="outpaint-target" data-testid="outpaint-frame" checked={target.kind === 'frame'} disabled={frame === null} onChange={() => onChange({ kind: 'frame' })} />
        Frame <span class="secondary">({frameText})</span>
      </label>
      <label class="inline">
        <input
          type="radio"
          name="outpaint-target"
          data-testid="outpaint-ratio"
          checked={target.kind === 'aspect'}
          onChange={() => onChange({ kind: 'aspect', ratio: target.kind === 'aspect' ? target.ratio : '16:9' })}
        />
        Ratio
        <select
          aria-label="Aspect ratio"
          data-testid="outpaint-ratio-value"
          value={target.kind === 'aspect' ? target.ratio : '16:9'}
          onChange={(event) => onChange({ kind: 'aspect', ratio: event.currentTarget.value })}
        >
          {RATIOS.map((ratio) => (
            <option key={ratio} value={ratio}>
              {ratio}
            </option>
          ))}
        </select>
      </label>
      <label class="inline">
        <input
          type="radio"
          name="outpaint-target"
          data-testid="outpaint-sides"
          checked={target.kind === 'sides'}
          onChange={() => onChange({ kind: 'sides', pixels: target.kind === 'sides' ? target.pixels : 64 })}
        />
        Pixels per side
        <NumberField
          aria-label="Pixels added on each side"
          data-testid="outpaint-sides-value"
          label="Pixels per side"
          min={LIMITS.sidesPixels.min}
          max={LIMITS.sidesPixels.max}
          step={8}
          value={target.kind === 'sides' ? target.pixels : 64}
          onCommit={(pixels) => onChange({ kind: 'sides', pixels })}
        />
      </label>
    </fieldset>
  );
}
