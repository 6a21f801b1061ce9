/** Test support: `main` in-process, with its output captured and an environment of the test's own. */
import { main } from '../../tools/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run powerpaint -- …args` in this process. The environment is only what the test gives, so a
 * developer's HF_TOKEN, HF_ENDPOINT or POWERPAINT_CACHE never leaks in.
 */
export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  options: { signal?: AbortSignal; onStdout?: (text: string) => void } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        options.onStdout?.(text);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    ...(options.signal && { signal: options.signal }),
  });
  return { code, stdout, stderr };
}
