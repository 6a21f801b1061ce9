import type { Writer } from '../cli-io.js';

/** A log gets a line at most this often (a terminal redraws its one line more often). */
const LOG_INTERVAL_MS = 2000;
const TERMINAL_INTERVAL_MS = 100;

/**
 * Progress on stderr: on a terminal one line redrawn in place; in a log (CI, a pipe) whole lines,
 * at most one every two seconds, plus every line a caller marks as a milestone.
 */
export class StatusLine {
  private last = -Infinity;
  private open = false;

  constructor(
    private readonly out: Writer,
    private readonly now: () => number,
  ) {}

  show(text: string, milestone = false): void {
    const at = this.now();
    if (!milestone && at - this.last < (this.out.isTTY ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS)) return;
    this.last = at;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${text}`);
      this.open = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  /** A line that stays (a result, a failure), on stderr or `to`: ends the redrawn line first. */
  print(text: string, to: Writer = this.out): void {
    this.end();
    to.write(`${text}\n`);
  }

  end(): void {
    if (!this.open) return;
    this.out.write('\n');
    this.open = false;
  }
}
