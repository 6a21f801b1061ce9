/** What `npm run powerpaint` exits with, so scripts can tell a bad call from a failed run. */
export const EXIT = {
  ok: 0,
  /** The run (or the model load) failed: the message says why. */
  failed: 1,
  /** The command line is wrong: nothing was run. */
  usage: 2,
  /** A batch finished, but some files failed (each is named above the summary). */
  someFailed: 3,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;
