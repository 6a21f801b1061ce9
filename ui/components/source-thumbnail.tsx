import { useEffect, useRef } from 'preact/hooks';

const THUMBNAIL_SIZE = 96;

/** Draws the source image small, decoded by the browser (the plugin's sandbox can't decode images). */
export function SourceThumbnail({ image }: { image: Uint8Array }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    void createImageBitmap(new Blob([image.slice()])).then((bitmap) => {
      const target = canvas.current;
      if (cancelled || target === null) return bitmap.close();
      // Fit the box both ways: small sources are scaled up so they are still visible.
      const scale = THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height);
      target.width = Math.max(1, Math.round(bitmap.width * scale));
      target.height = Math.max(1, Math.round(bitmap.height * scale));
      target.getContext('2d')?.drawImage(bitmap, 0, 0, target.width, target.height);
      bitmap.close();
    });
    return () => {
      cancelled = true;
    };
  }, [image]);
  return <canvas ref={canvas} class="thumbnail" data-testid="thumbnail" aria-label="Source preview" />;
}
