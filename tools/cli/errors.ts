import { EngineError, isCancellation } from '../../models/engine/errors.js';
import { EXIT } from './exit-codes.js';

/** A mistake in the command line: nothing was run. One line with what to write instead; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * One input that cannot be run (no mask for it, sizes that differ, not a PNG, nothing masked): the
 * message names the file. A batch reports it and goes on with the next file.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The exit code for an error that ended a command, and the line that says why. */
export function explainFailure(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (isCancellation(error)) return { code: EXIT.interrupted, message: 'Stopped.' };
  if (error instanceof InputError || error instanceof EngineError) return { code: EXIT.failed, message: error.message };
  // Anything else is a bug or the system (disk full, permissions): its own words are the best we have.
  return { code: EXIT.failed, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
