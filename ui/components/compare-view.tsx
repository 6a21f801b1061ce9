import { useState } from 'preact/hooks';
import type { RgbaImage } from '../../models/engine/types.js';
import { ImageCanvas } from './image-canvas.js';

/** Before and after on top of each other, split by a slider (arrow keys move it). */
export function CompareView({ before, after, offset }: { before: RgbaImage; after: RgbaImage; offset: { x: number; y: number } }) {
  const [split, setSplit] = useState(50);
  // Outpaint: the source sits inside the bigger result; show it at its place.
  const beforeStyle = {
    left: `${(offset.x / after.width) * 100}%`,
    top: `${(offset.y / after.height) * 100}%`,
    width: `${(before.width / after.width) * 100}%`,
  };
  return (
    <div class="compare" data-testid="compare">
      <div class="compare-stage" style={{ aspectRatio: `${after.width} / ${after.height}` }}>
        <ImageCanvas image={after} label="After" class="compare-after" />
        <div class="compare-before-clip" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}>
          <div class="compare-before" style={beforeStyle}>
            <ImageCanvas image={before} label="Before" />
          </div>
        </div>
        <div class="compare-line" style={{ left: `${split}%` }} aria-hidden="true" />
      </div>
      <label class="compare-slider">
        <span class="secondary">Before</span>
        <input type="range" min={0} max={100} value={split} aria-label="Before/after split" data-testid="compare-split" onInput={(e) => setSplit(Number(e.currentTarget.value))} />
        <span class="secondary">After</span>
      </label>
    </div>
  );
}
