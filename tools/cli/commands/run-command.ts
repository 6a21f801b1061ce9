import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { flagHelp } from '../flags/flag-help.js';
import { parseFlags } from '../flags/parse-flags.js';
import { cacheLocation } from '../model/cache-location.js';
import { loadCliEngine, type CliEngine } from '../model/load-engine.js';
import { modelRef, type ModelRef } from '../model/model-ref.js';
import { describeDownload, describeRun, describeTraffic } from '../progress/describe-progress.js';
import { StatusLine } from '../progress/status-line.js';
import { helpHint, PROGRAM } from '../program.js';
import { batchItems } from '../run/batch-items.js';
import { readInputs } from '../run/read-inputs.js';
import { reportResult } from '../run/report-result.js';
import { runBatch } from '../run/run-batch.js';
import type { RunContext } from '../run/run-context.js';
import { runImage } from '../run/run-image.js';
import { RUN_FLAGS } from './run-flags.js';
import { runOptions, type RunOptions } from './run-options.js';
import { randomSeed } from '../../../ui/settings/run-settings.js';

export const RUN_USAGE = `usage: ${PROGRAM} run --model M --task T --image in.png [--mask mask.png] --out out.png [options]
       ${PROGRAM} run --model M --task T --input-dir DIR [--mask-dir DIR] --output-dir DIR [options]

Runs PowerPaint (or instant remove) on a picture the way the plugin window does: at full resolution,
the model on a window around each masked area and the result pasted back (outpaint: window by window
over the extended canvas). The same model, settings and seed give the window's pixels. --whole-image
runs the model once on the picture as given instead, as diffusers' pipeline does.

${flagHelp(RUN_FLAGS)}

Progress goes to stderr, one line per file written to stdout. Exit codes: 0 done; 1 failed; 2 bad
arguments; 3 a batch finished but some pictures failed; 130 stopped with Ctrl-C.
`;

/** `run`: check every argument, read the inputs, then load the model (the slow part) and run. */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(RUN_USAGE);
    return EXIT.ok;
  }
  const options = runOptions(parseFlags(args, RUN_FLAGS, helpHint('run')), randomSeed, io.env);
  const ref = modelRef(options.model, { endpoint: hubEndpointFromEnv(io.env) });
  const now = () => performance.now();
  const context: RunContext = { io, status: new StatusLine(io.stderr, now), now };
  const { files, settings } = options;
  // Inputs first: a typo in a path should not cost a model load.
  const work =
    files.kind === 'single'
      ? { kind: 'single' as const, inputs: await readInputs(files.image, files.mask), out: files.out }
      : { kind: 'batch' as const, items: await batchItems(files.inputDir, files.maskDir, files.outputDir) };
  if (options.seedDrawn) context.status.print(`seed ${settings.seed} (drawn at random; --seed ${settings.seed} makes the same result again)`);

  const engine = await loadEngine(ref, cacheLocation(options.cacheDir, io.env), options, context);
  try {
    if (work.kind === 'batch') return await runBatch(engine, work.items, settings, context);
    const result = await runImage(engine, work.inputs, settings, { signal: io.signal, onProgress: (p) => context.status.show(describeRun(p)) });
    await reportResult(result, work.out, context);
    return EXIT.ok;
  } finally {
    if (engine.traffic) context.status.print(describeTraffic(engine.traffic));
    context.status.end();
    await engine.release();
  }
}

/** The model, with download progress on the status line; says which model runs on what, and from where. */
async function loadEngine(ref: ModelRef, cacheDir: string, options: Pick<RunOptions, 'runtime' | 'lora' | 'server'>, context: RunContext): Promise<CliEngine> {
  const { io, status } = context;
  const engine = await loadCliEngine(ref, {
    io,
    cacheDir,
    runtime: options.runtime,
    server: options.server,
    lora: options.lora,
    onProgress: (p) => {
      const text = describeDownload(p);
      if (text) status.show(text, p.phase !== 'downloading');
    },
  });
  status.print(`model: ${engine.name}`);
  for (const note of engine.notes) status.print(`       ${note}`);
  return engine;
}
