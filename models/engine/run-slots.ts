/**
 * Runs in flight, at most `size` at once, the rest waiting in order. One slot is the engine's queue on a
 * local runtime (its sessions compute one call at a time); a server gets several.
 */
export class RunSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly drained: Array<() => void> = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`run slots must be a whole number ≥ 1, not ${size}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `active` counts it as still taken.
      const next = this.waiting.shift();
      if (next) next();
      else if (--this.active === 0) this.drained.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    return this.active === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }
}
