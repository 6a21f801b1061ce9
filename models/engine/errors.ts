/** Why a run or a bundle load failed, in a form the UI can branch on. */
export type EngineErrorCode =
  | 'bad-input'
  | 'unsupported-size'
  | 'empty-mask'
  | 'unknown-task'
  | 'missing-file'
  | 'corrupt-bundle'
  | 'bundle-mismatch'
  | 'non-finite'
  | 'does-not-fit'
  | 'cancelled'
  | 'released'
  /** The inference server (Open Inference Protocol) could not be reached, refused, or answered wrongly. */
  | 'server';

/** An error whose message tells the user what to do next. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'cancelled';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'The run was cancelled.');
}
