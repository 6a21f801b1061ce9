/**
 * Undo by checkpoints. A checkpoint copies every node's state; undo restores the last one
 * (or, with nothing changed since it, the one before), so "everything the plugin did since
 * the previous commitUndo" goes away in one step, as in Figma.
 */
import type { FakeBaseNode } from './nodes/base.js';
import { cloneState, type NodeState } from './nodes/state.js';

type Checkpoint = Map<FakeBaseNode, NodeState>;

export class UndoJournal {
  private stack: Checkpoint[] = [];
  /** Document changed since the newest checkpoint. */
  dirty = false;
  /** How many times commitUndo was called (including the implicit one at closePlugin). */
  commits = 0;

  constructor(
    private readonly allNodes: () => Iterable<FakeBaseNode>,
    private readonly restored: () => void,
  ) {}

  /** Start history here: nothing before this point can be undone. */
  reset(): void {
    this.stack = [this.capture()];
    this.dirty = false;
  }

  commit(): void {
    this.commits++;
    if (this.dirty) {
      this.stack.push(this.capture());
      this.dirty = false;
    }
  }

  /** Returns false when there is nothing to undo. */
  undo(): boolean {
    if (!this.dirty) {
      if (this.stack.length < 2) return false;
      this.stack.pop();
    }
    const cp = this.stack[this.stack.length - 1];
    if (!cp) return false;
    this.restore(cp);
    this.dirty = false;
    return true;
  }

  get depth(): number {
    return this.stack.length - 1 + (this.dirty ? 1 : 0);
  }

  private capture(): Checkpoint {
    const cp: Checkpoint = new Map();
    for (const n of this.allNodes()) cp.set(n, cloneState(n._s));
    return cp;
  }

  private restore(cp: Checkpoint): void {
    for (const n of this.allNodes()) {
      const s = cp.get(n);
      if (s) {
        n._s = cloneState(s);
      } else {
        // Created after the checkpoint: it never existed.
        n._s.removed = true;
        n._s.parent = null;
        n._s.children = [];
      }
    }
    this.restored();
  }
}
