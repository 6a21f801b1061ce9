import { useEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../../models/engine/types.js';
import type { EngineResult } from '../engine/engine.js';
import { CompareView } from './compare-view.js';
import { ImageCanvas } from './image-canvas.js';

/**
 * The variations as thumbnails and the chosen one compared with the source. What to do with them
 * (ResultActions) sits in the window's action bar, always in view.
 */
export function ResultStrip({
  result,
  before,
  selected,
  seconds,
  onSelect,
}: {
  result: EngineResult;
  before: RgbaImage;
  selected: number;
  seconds: number;
  onSelect: (index: number) => void;
}) {
  const chosen = result.variations[selected] ?? result.variations[0]!;
  // The results appear below the form: bring them into view as they arrive, scrolling the form only (never
  // the page around the plugin's window, as scrollIntoView may).
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = section.current;
    const scroller = element?.closest('.app-body');
    if (!element || !scroller) return;
    const box = element.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    const below = box.bottom - view.bottom;
    const above = box.top - view.top;
    if (below > 0) scroller.scrollTop += Math.min(below, above);
    else if (above < 0) scroller.scrollTop += above;
  }, [result]);
  return (
    <section ref={section} class="results" data-testid="results" data-backend={result.backend} aria-label="Results">
      <div class="section-title">
        {result.variations.length === 1 ? 'Result' : `${result.variations.length} variations`}{' '}
        <span class="secondary">
          in {seconds.toFixed(1)} s · seed {chosen.seed}
        </span>
      </div>
      {result.variations.length > 1 && (
        <div class="thumbnails" role="listbox" aria-label="Variations">
          {result.variations.map((variation, index) => (
            <button
              key={variation.seed}
              type="button"
              role="option"
              aria-selected={index === selected}
              class={index === selected ? 'thumbnail selected' : 'thumbnail'}
              data-testid={`variation-${index}`}
              title={`Variation ${index + 1}, seed ${variation.seed}`}
              onClick={() => onSelect(index)}
            >
              <ImageCanvas image={variation.image} label={`Variation ${index + 1}`} />
            </button>
          ))}
        </div>
      )}
      <CompareView before={before} after={chosen.image} offset={result.sourceOffset} />
    </section>
  );
}

/** What to do with the results: Discard, Run again (a new seed), Insert all, Insert. */
export function ResultActions({
  count,
  onInsert,
  onInsertAll,
  onDiscard,
  onRunAgain,
}: {
  count: number;
  onInsert: () => void;
  onInsertAll: () => void;
  onDiscard: () => void;
  onRunAgain: () => void;
}) {
  return (
    <div class="actions" data-testid="result-actions">
      <button type="button" class="secondary-button" data-testid="discard" onClick={onDiscard}>
        Discard
      </button>
      <button type="button" class="secondary-button" data-testid="run-again" title="Same settings, a new seed" onClick={onRunAgain}>
        Run again
      </button>
      {count > 1 && (
        <button type="button" class="secondary-button" data-testid="insert-all" onClick={onInsertAll}>
          Insert all
        </button>
      )}
      <button type="button" class="primary-button" data-testid="insert" onClick={onInsert}>
        Insert
      </button>
    </div>
  );
}
