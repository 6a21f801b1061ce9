/** What a command may touch besides its arguments; tests pass their own, so nothing spawns a process. */
export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: runs and downloads stop between steps. */
  signal?: AbortSignal;
}

export interface Writer {
  write(text: string): unknown;
  /** A terminal: progress redraws one line instead of adding lines. */
  readonly isTTY?: boolean;
}

export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, ...(signal && { signal }) };
}
