/**
 * `npm run powerpaint -- <command> …`: PowerPaint from the command line, on the same engine and the same
 * full-resolution path as the plugin window (README.md in this folder). Run through tools/powerpaint.mjs,
 * which bundles this file with esbuild (Node 20 runs no TypeScript). `main` takes its output streams, so
 * tests call it in-process.
 */
import { processIo, type CliIo } from './cli-io.js';
import { infoCommand, INFO_USAGE } from './commands/info-command.js';
import { runCommand, RUN_USAGE } from './commands/run-command.js';
import { segmentCommand, SEGMENT_USAGE } from './commands/segment-command.js';
import { tritonRepoCommand, TRITON_REPO_USAGE } from './commands/triton-repo-command.js';
import { explainFailure, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { PROGRAM } from './program.js';

export { processIo };

export const USAGE = `usage: ${PROGRAM} <command> [options]

commands:
  run          remove, insert, fill a shape or outpaint: one picture or a folder of them
  info         say what a model is (layout, family, precision, sizes, files) without running it
  segment      select an object from clicks or a box (a segment-anything model) and write its mask
  triton-repo  write a Triton model repository (and a KServe InferenceService) for a GPU server

"${PROGRAM} <command> --help" lists a command's options.
`;

const COMMANDS: Record<string, { run: (args: readonly string[], io: CliIo) => Promise<number>; usage: string }> = {
  run: { run: runCommand, usage: RUN_USAGE },
  info: { run: infoCommand, usage: INFO_USAGE },
  segment: { run: segmentCommand, usage: SEGMENT_USAGE },
  'triton-repo': { run: tritonRepoCommand, usage: TRITON_REPO_USAGE },
};

/** Runs one command; the exit code says how it went (exit-codes.ts). Never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined) {
      io.stderr.write(USAGE);
      return EXIT.usage;
    }
    if (name === '--help' || name === '-h') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (name === 'help') {
      io.stdout.write(COMMANDS[args[0] ?? '']?.usage ?? USAGE);
      return EXIT.ok;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`Unknown command "${name}": use run, info, segment or triton-repo. See "${PROGRAM} --help".`);
    return await command.run(args, io);
  } catch (error) {
    const { code, message } = explainFailure(error);
    io.stderr.write(`powerpaint: ${message}\n`);
    return code;
  }
}
