import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MaskImage } from '../../models/engine/types.js';
import { defaultBrushSize, nextBrushSize } from '../mask/brush-size.js';
import { EMPTY_RECT, stampSegment, unionRects, type DirtyRect, type Point } from '../mask/brush-stroke.js';
import { MaskHistory } from '../mask/mask-history.js';
import { copyMask, emptyMask, maskedPixelCount, unionMasks } from '../mask/mask-image.js';
import { applyMaskTool, type MaskTool } from '../mask/mask-tools.js';

/** Paint and erase are the brush; select adds what a segment-anything model finds at a click or in a box. */
export type BrushMode = 'paint' | 'erase' | 'select';

export interface MaskEditor {
  /** The mask at the canvas's (source) resolution; null when no source is loaded. */
  mask: MaskImage | null;
  /** Bumps on every change, for redraws; `dirty` is what changed last (the whole mask after tools). */
  version: number;
  dirty: DirtyRect | 'all';
  maskedPixels: number;
  mode: BrushMode;
  setMode(mode: BrushMode): void;
  toggleMode(): void;
  /** Brush diameter in source pixels. */
  size: number;
  setSize(size: number): void;
  stepSize(direction: 1 | -1): void;
  beginStroke(at: Point): void;
  extendStroke(points: readonly Point[]): void;
  endStroke(): void;
  abortStroke(): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  apply(tool: MaskTool): void;
  /** Adds Figma's mask shapes (already rasterized) to the mask, as one undo step. */
  addShapes(shapes: MaskImage): void;
  /** The mask as `base` (the mask before this selection began) with `selected` added, as one undo step; false if that changed nothing. */
  addSelection(base: MaskImage, selected: MaskImage): boolean;
}

/**
 * The brush mask for one source canvas: a new canvas (another layer, or outpaint's bigger canvas)
 * starts a new mask, seeded with Figma's mask shapes when there are any.
 */
export function useMaskEditor(key: string | null, width: number, height: number, seed: MaskImage | null): MaskEditor {
  const [version, setVersion] = useState(0);
  const [mode, setMode] = useState<BrushMode>('paint');
  const [size, setSizeState] = useState(24);
  const history = useRef<{ key: string; history: MaskHistory } | null>(null);
  const stroke = useRef<{ last: Point; dirty: DirtyRect } | null>(null);
  const dirty = useRef<DirtyRect | 'all'>('all');

  if (key !== null && history.current?.key !== key) {
    const initial = seed && seed.width === width && seed.height === height ? copyMask(seed) : emptyMask(width, height);
    history.current = { key, history: new MaskHistory(initial) };
    dirty.current = 'all';
    stroke.current = null;
  }
  if (key === null && history.current !== null) history.current = null;
  // A new source gets a brush sized for it.
  useEffect(() => {
    if (key !== null) setSizeState(defaultBrushSize(width, height));
  }, [key]);
  const h = history.current?.history ?? null;

  const changed = useCallback((rect: DirtyRect | 'all') => {
    dirty.current = rect;
    setVersion((v) => v + 1);
  }, []);

  const beginStroke = useCallback(
    (at: Point) => {
      if (!h) return;
      const rect = stampSegment(h.present, at, at, size / 2, mode === 'paint' ? 255 : 0);
      stroke.current = { last: at, dirty: rect };
      changed(rect);
    },
    [h, size, mode, changed],
  );

  const extendStroke = useCallback(
    (points: readonly Point[]) => {
      const s = stroke.current;
      if (!h || !s) return;
      let rect = EMPTY_RECT;
      for (const point of points) {
        rect = unionRects(rect, stampSegment(h.present, s.last, point, size / 2, mode === 'paint' ? 255 : 0));
        s.last = point;
      }
      s.dirty = unionRects(s.dirty, rect);
      changed(rect);
    },
    [h, size, mode, changed],
  );

  const endStroke = useCallback(() => {
    if (!h || !stroke.current) return;
    stroke.current = null;
    h.commit();
    changed(EMPTY_RECT);
  }, [h, changed]);

  const abortStroke = useCallback(() => {
    if (!h || !stroke.current) return;
    stroke.current = null;
    h.revert();
    changed('all');
  }, [h, changed]);

  const maskedPixels = useMemo(() => (h ? maskedPixelCount(h.present) : 0), [h, version]);

  return {
    mask: h?.present ?? null,
    version,
    dirty: dirty.current,
    maskedPixels,
    mode,
    setMode,
    toggleMode: () => setMode((m) => (m === 'paint' ? 'erase' : 'paint')),
    size,
    setSize: (next) => setSizeState(Math.max(1, Math.min(Math.max(width, height), Math.round(next)))),
    stepSize: (direction) => setSizeState((s) => nextBrushSize(s, direction, Math.max(width, height))),
    beginStroke,
    extendStroke,
    endStroke,
    abortStroke,
    undo: () => h?.undo() && changed('all'),
    redo: () => h?.redo() && changed('all'),
    canUndo: h?.canUndo ?? false,
    canRedo: h?.canRedo ?? false,
    apply: (tool) => {
      if (h?.commit(applyMaskTool(h.present, tool))) changed('all');
    },
    addShapes: (shapes) => {
      if (h && shapes.width === h.present.width && shapes.height === h.present.height && h.commit(unionMasks(h.present, shapes))) changed('all');
    },
    addSelection: (base, selected) => {
      const fits = (m: MaskImage) => h !== null && m.width === h.present.width && m.height === h.present.height;
      const done = h !== null && fits(base) && fits(selected) && h.commit(unionMasks(base, selected));
      if (done) changed('all');
      return done;
    },
  };
}
