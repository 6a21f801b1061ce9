import type { MaskImage } from '../../models/engine/types.js';
import { copyMask } from './mask-image.js';

/** Undo steps kept while they fit this many bytes (a 4096² mask is 16 MiB). */
const DEFAULT_BUDGET_BYTES = 128 * 1024 * 1024;

/**
 * Undo/redo over whole-mask snapshots. `present` is the mask being edited (strokes write into it in
 * place); `commit()` after each edit (a stroke, grow, invert...) records it as one step. Oldest steps
 * are dropped first when the history outgrows its byte budget; at least one undo step is always kept.
 */
export class MaskHistory {
  private readonly past: MaskImage[] = [];
  private future: MaskImage[] = [];
  private saved: MaskImage;

  constructor(
    public present: MaskImage,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {
    this.saved = copyMask(present);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records the present (edited in place, or replaced by `next`) as a step; a no-op if nothing changed. */
  commit(next: MaskImage = this.present): boolean {
    if (sameMask(next, this.saved)) {
      this.present = next;
      return false;
    }
    this.past.push(this.saved);
    this.future = [];
    this.present = next;
    this.saved = copyMask(next);
    const perStep = next.data.length;
    while (this.past.length > 1 && (this.past.length + 1) * perStep > this.budgetBytes) this.past.shift();
    return true;
  }

  /** Drops uncommitted in-place edits (e.g. a stroke cancelled by a second finger). */
  revert(): void {
    this.present = copyMask(this.saved);
  }

  undo(): boolean {
    const previous = this.past.pop();
    if (previous === undefined) return false;
    this.future.push(this.saved);
    this.saved = previous;
    this.present = copyMask(previous);
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (next === undefined) return false;
    this.past.push(this.saved);
    this.saved = next;
    this.present = copyMask(next);
    return true;
  }
}

function sameMask(a: MaskImage, b: MaskImage): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}
