#!/usr/bin/env node
// `npm run powerpaint -- <command> ...`: the command line (tools/cli/main.ts). The first Ctrl-C stops the
// run between steps (exit code 130); a second one ends the process at once.
import { importTs } from './import-ts.mjs';

const { main, processIo } = await importTs('tools/cli/main.ts', 'powerpaint-cli');
// npm runs scripts in the package's folder; paths on the command line are meant from where it was typed.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});
process.exitCode = await main(process.argv.slice(2), processIo(stop.signal));
