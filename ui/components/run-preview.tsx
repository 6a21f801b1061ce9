import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../../models/engine/types.js';
import type { EnginePreview } from '../engine/engine.js';
import { imageDataOf } from '../image/image-data.js';

/**
 * While the model paints: the source with the window being denoised pasted in as it looks now (the model's
 * current estimate, decoded cheaply). The source is drawn once; each preview redraws only its window, before
 * the frame is painted (a fast run's next result may replace this within a frame).
 */
export function RunPreview({ source, preview }: { source: RgbaImage; preview: EnginePreview }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const target = canvas.current;
    if (target === null) return;
    target.width = source.width;
    target.height = source.height;
    target.getContext('2d')?.putImageData(imageDataOf(source), 0, 0);
  }, [source]);
  useLayoutEffect(() => {
    const { image, x, y } = preview;
    canvas.current?.getContext('2d')?.putImageData(imageDataOf(image), x, y);
  }, [preview, source]);
  return (
    <section class="results" data-testid="run-preview" data-step={preview.step} data-decoder={preview.decoder} aria-label="Preview">
      <div class="section-title">
        Preview{' '}
        <span class="secondary">
          step {preview.step} of {preview.total}
          {preview.decoder === 'taesd' ? ' · TAESD' : ''}
        </span>
      </div>
      <div class="compare-stage" style={{ aspectRatio: `${source.width} / ${source.height}` }}>
        <canvas ref={canvas} role="img" aria-label={`The result as it forms, step ${preview.step} of ${preview.total}`} />
      </div>
    </section>
  );
}
