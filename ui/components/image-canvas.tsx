import { useEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../../models/engine/types.js';
import { imageDataOf } from '../image/image-data.js';

/** An RGBA image drawn into a canvas at its own resolution (CSS scales it). */
export function ImageCanvas({ image, label, class: className, testId }: { image: RgbaImage; label: string; class?: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (target === null) return;
    target.width = image.width;
    target.height = image.height;
    target.getContext('2d')?.putImageData(imageDataOf(image), 0, 0);
  }, [image]);
  return <canvas ref={canvas} class={className} role="img" aria-label={label} data-testid={testId} style={{ aspectRatio: `${image.width} / ${image.height}` }} />;
}
