import type { CliIo } from '../cli-io.js';
import type { StatusLine } from '../progress/status-line.js';

/** What every step of a command writes to and reads the clock from. */
export interface RunContext {
  io: CliIo;
  status: StatusLine;
  now: () => number;
}
