import type { Engine } from '../engine/engine.js';

/** Says plainly what paints the result, so a stand-in is never mistaken for PowerPaint. */
export function EngineNote({ engine }: { engine: Engine }) {
  return (
    <p class={engine.isModel ? 'secondary' : 'note'} data-testid="engine">
      {engine.isModel
        ? `Engine: ${engine.name}`
        : `${engine.name}. This is a preview of the round trip, not PowerPaint: the model is not connected yet.`}
    </p>
  );
}
