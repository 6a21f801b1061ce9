import type { RunContext } from './run-context.js';
import type { RunResult } from './run-image.js';
import { writeOutputs } from './write-outputs.js';

/** The engine's warnings on stderr, then each variation written, one line a file on stdout. */
export async function reportResult(result: RunResult, out: string, { io, status }: RunContext): Promise<void> {
  for (const warning of result.warnings) status.print(`warning: ${warning}`);
  const paths = await writeOutputs(out, result.images);
  for (const [i, path] of paths.entries()) status.print(`wrote ${path} (seed ${result.images[i]!.seed})`, io.stdout);
}
