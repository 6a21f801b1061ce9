import type { RgbaImage } from '../../models/engine/types.js';
import type { EngineResult } from '../engine/engine.js';
import { CompareView } from './compare-view.js';
import { ImageCanvas } from './image-canvas.js';

/** The variations as thumbnails, the chosen one compared with the source, and what to do with them. */
export function ResultStrip({
  result,
  before,
  selected,
  seconds,
  onSelect,
  onInsert,
  onInsertAll,
  onDiscard,
  onRunAgain,
}: {
  result: EngineResult;
  before: RgbaImage;
  selected: number;
  seconds: number;
  onSelect: (index: number) => void;
  onInsert: () => void;
  onInsertAll: () => void;
  onDiscard: () => void;
  onRunAgain: () => void;
}) {
  const chosen = result.variations[selected] ?? result.variations[0]!;
  return (
    <section class="results" data-testid="results" data-backend={result.backend} aria-label="Results">
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
      <div class="actions">
        <button type="button" class="secondary-button" data-testid="discard" onClick={onDiscard}>
          Discard
        </button>
        <button type="button" class="secondary-button" data-testid="run-again" title="Same settings, a new seed" onClick={onRunAgain}>
          Run again
        </button>
        {result.variations.length > 1 && (
          <button type="button" class="secondary-button" data-testid="insert-all" onClick={onInsertAll}>
            Insert all
          </button>
        )}
        <button type="button" class="primary-button" data-testid="insert" onClick={onInsert}>
          Insert
        </button>
      </div>
    </section>
  );
}
