import { useEffect, useRef, useState } from 'preact/hooks';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import type { Point } from '../mask/brush-stroke.js';
import type { SamBox } from '../../models/segment/sam-prompt.js';
import type { SelectTool } from '../segment/use-select-tool.js';
import type { MaskEditor } from '../state/use-mask-editor.js';
import { imageDataOf } from '../image/image-data.js';

const OVERLAY_RGB = [242, 72, 34]; // Figma's danger red: reads on light and dark photos
const OVERLAY_ALPHA = 140;
const MAX_VIEW_HEIGHT = 300;
const REGION_RGB = [13, 153, 255]; // brand blue: the outpaint area the model fills
/** A press that moves less than this (screen px) is a click; more draws a box. */
const DRAG_THRESHOLD = 4;

/**
 * The source with the mask over it; paint and erase with mouse, pen or touch (pointer events). Strokes
 * land in the mask at the source's own resolution; the screen shows it scaled to fit. In select mode a
 * click (Alt: subtract) or a dragged box goes to the Select tool, whose points and box are marked.
 */
export function BrushCanvas({
  image,
  editor,
  region,
  disabled,
  label,
  select,
}: {
  image: RgbaImage;
  editor: MaskEditor;
  /** Click to select; without it, select mode does nothing. */
  select?: SelectTool;
  /** Outpaint: the area to fill, shown in blue and not paintable. */
  region: MaskImage | null;
  disabled: boolean;
  label: string;
}) {
  const view = useRef<HTMLCanvasElement>(null);
  const picture = useRef<ImageBitmap | null>(null);
  const overlay = useRef<{ canvas: OffscreenCanvas; pixels: ImageData } | null>(null);
  const [cursor, setCursor] = useState<{ x: number; y: number } | null>(null);
  const [pictureReady, setPictureReady] = useState(0);
  const pointer = useRef<number | null>(null);
  const press = useRef<{ at: Point; clientX: number; clientY: number } | null>(null);
  const [dragBox, setDragBox] = useState<SamBox | null>(null);

  // The source picture: one bitmap, drawn scaled on every redraw.
  useEffect(() => {
    let cancelled = false;
    void createImageBitmap(imageDataOf(image)).then((bitmap) => {
      if (cancelled) return bitmap.close();
      picture.current?.close();
      picture.current = bitmap;
      setPictureReady((n) => n + 1);
    });
    return () => {
      cancelled = true;
    };
  }, [image]);

  // The mask overlay at source resolution, updated only where a stroke changed it.
  const { mask, version, dirty } = editor;
  useEffect(() => {
    if (mask === null) return;
    let o = overlay.current;
    if (o === null || o.canvas.width !== mask.width || o.canvas.height !== mask.height) {
      const canvas = new OffscreenCanvas(mask.width, mask.height);
      o = { canvas, pixels: new ImageData(mask.width, mask.height) };
      overlay.current = o;
    }
    const rect = dirty === 'all' || o.canvas !== overlay.current?.canvas ? { x: 0, y: 0, width: mask.width, height: mask.height } : dirty;
    if (rect.width > 0 && rect.height > 0) {
      const px = o.pixels.data;
      for (let y = rect.y; y < rect.y + rect.height; y++) {
        for (let x = rect.x; x < rect.x + rect.width; x++) {
          const i = y * mask.width + x;
          const at = i * 4;
          if (mask.data[i]! >= 128) {
            px[at] = OVERLAY_RGB[0]!;
            px[at + 1] = OVERLAY_RGB[1]!;
            px[at + 2] = OVERLAY_RGB[2]!;
            px[at + 3] = OVERLAY_ALPHA;
          } else if (region && region.data[i]! >= 128) {
            px[at] = REGION_RGB[0]!;
            px[at + 1] = REGION_RGB[1]!;
            px[at + 2] = REGION_RGB[2]!;
            px[at + 3] = 90;
          } else {
            px[at + 3] = 0;
          }
        }
      }
      o.canvas.getContext('2d')?.putImageData(o.pixels, 0, 0, rect.x, rect.y, rect.width, rect.height);
    }
    redraw();
  }, [mask, version, region]);

  useEffect(() => redraw(), [pictureReady, cursor, editor.size, editor.mode, dragBox, select?.prompt]);

  // The window was resized: the canvas's backing pixels follow its new size.
  useEffect(() => {
    const target = view.current;
    if (target === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => redraw());
    observer.observe(target);
    return () => observer.disconnect();
  }, []);

  function redraw() {
    const target = view.current;
    if (target === null) return;
    const ratio = window.devicePixelRatio || 1;
    const box = target.getBoundingClientRect();
    const width = Math.max(1, Math.round(box.width * ratio));
    const height = Math.max(1, Math.round(box.height * ratio));
    if (target.width !== width || target.height !== height) {
      target.width = width;
      target.height = height;
    }
    const context = target.getContext('2d');
    if (context === null) return;
    context.clearRect(0, 0, width, height);
    context.imageSmoothingEnabled = true;
    if (picture.current) context.drawImage(picture.current, 0, 0, width, height);
    // Nearest-neighbour for the mask, so what is shown is exactly the pixels that will be repainted.
    context.imageSmoothingEnabled = false;
    if (overlay.current) context.drawImage(overlay.current.canvas, 0, 0, width, height);
    const selecting = editor.mode === 'select';
    if (selecting) drawPrompt(context, width / image.width, ratio, select?.prompt.points ?? [], dragBox ?? select?.prompt.box);
    if (cursor && !disabled && !selecting) {
      const scale = width / image.width;
      context.beginPath();
      context.arc(cursor.x * scale, cursor.y * scale, Math.max(1, (editor.size / 2) * scale), 0, Math.PI * 2);
      context.lineWidth = ratio;
      context.strokeStyle = 'rgba(255,255,255,0.9)';
      context.stroke();
      context.setLineDash([3 * ratio, 3 * ratio]);
      context.strokeStyle = 'rgba(0,0,0,0.9)';
      context.stroke();
    }
  }

  /** Client coordinates -> source pixels. */
  const toSource = (event: { clientX: number; clientY: number }): Point => {
    const box = view.current!.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * image.width) / box.width, y: ((event.clientY - box.top) * image.height) / box.height };
  };

  return (
    <canvas
      ref={view}
      class={disabled ? 'brush-canvas disabled' : `brush-canvas ${editor.mode}`}
      data-testid="brush-canvas"
      data-masked={editor.maskedPixels}
      role="img"
      aria-label={label}
      style={{ aspectRatio: `${image.width} / ${image.height}`, width: `min(100%, ${Math.round((MAX_VIEW_HEIGHT * image.width) / image.height)}px)` }}
      onPointerDown={(event) => {
        if (disabled || (event.pointerType === 'mouse' && event.button !== 0)) return;
        if (pointer.current !== null) {
          // A second finger: this is a pinch or a mistake, not a stroke.
          editor.abortStroke();
          pointer.current = null;
          return;
        }
        pointer.current = event.pointerId;
        event.currentTarget.setPointerCapture(event.pointerId);
        event.preventDefault();
        if (editor.mode === 'select') press.current = { at: toSource(event), clientX: event.clientX, clientY: event.clientY };
        else editor.beginStroke(toSource(event));
      }}
      onPointerMove={(event) => {
        const at = toSource(event);
        setCursor(at);
        if (pointer.current !== event.pointerId) return;
        const start = press.current;
        if (start) {
          if (dragBox || Math.hypot(event.clientX - start.clientX, event.clientY - start.clientY) >= DRAG_THRESHOLD) setDragBox(boxOf(start.at, at, image));
          return;
        }
        const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
        editor.extendStroke(events.length > 0 ? events.map(toSource) : [at]);
      }}
      onPointerUp={(event) => {
        if (pointer.current !== event.pointerId) return;
        pointer.current = null;
        const start = press.current;
        press.current = null;
        if (!start) return editor.endStroke();
        setDragBox(null);
        if (dragBox) select?.box(dragBox);
        else select?.click(start.at, !event.altKey);
      }}
      onPointerCancel={() => {
        pointer.current = null;
        press.current = null;
        setDragBox(null);
        editor.abortStroke();
      }}
      onPointerLeave={() => setCursor(null)}
    />
  );
}

/** Two corners as a box inside the picture. */
function boxOf(a: Point, b: Point, image: RgbaImage): SamBox {
  const clampX = (x: number) => Math.max(0, Math.min(image.width, x));
  const clampY = (y: number) => Math.max(0, Math.min(image.height, y));
  return { x0: clampX(Math.min(a.x, b.x)), y0: clampY(Math.min(a.y, b.y)), x1: clampX(Math.max(a.x, b.x)), y1: clampY(Math.max(a.y, b.y)) };
}

/** The Select tool's points (green adds, red subtracts) and box, at `scale` screen pixels per source pixel. */
function drawPrompt(context: CanvasRenderingContext2D, scale: number, ratio: number, points: readonly { x: number; y: number; positive: boolean }[], box: SamBox | undefined): void {
  context.lineWidth = 1.5 * ratio;
  if (box) {
    context.setLineDash([4 * ratio, 3 * ratio]);
    context.strokeStyle = 'rgba(255,255,255,0.95)';
    context.strokeRect(box.x0 * scale, box.y0 * scale, (box.x1 - box.x0) * scale, (box.y1 - box.y0) * scale);
    context.setLineDash([]);
  }
  for (const point of points) {
    context.beginPath();
    context.arc(point.x * scale, point.y * scale, 4 * ratio, 0, Math.PI * 2);
    context.fillStyle = point.positive ? '#14ae5c' : '#f24822';
    context.fill();
    context.strokeStyle = 'white';
    context.stroke();
  }
}
