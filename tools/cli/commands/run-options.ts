import { EngineError } from '../../../models/engine/errors.js';
import { LCM_LORA, speedSettings, type Speed } from '../../../models/engine/speed-presets.js';
import type { Task } from '../../../models/engine/types.js';
import { parseLoraSpec } from '../../../models/lora/lora-source.js';
import { parseRatio, type OutpaintTarget } from '../../../models/image/outpaint-canvas.js';
import { INSTANT_MODEL } from '../model/model-ref.js';
import { serverBase } from '../../../models/runtime/oip/oip-server.js';
import { UsageError } from '../errors.js';
import type { ParsedFlags } from '../flags/flag-spec.js';
import { helpHint } from '../program.js';
import type { CliRuntime, RUN_FLAGS } from './run-flags.js';

/** Where the inputs come from and the results go. */
export type RunFiles =
  | { kind: 'single'; image: string; mask: string | undefined; out: string }
  | { kind: 'batch'; inputDir: string; maskDir: string | undefined; outputDir: string };

/** What the person asked for, beside the files: the window's settings, unset ones left to the model. */
export interface RunSettings {
  task: Task;
  prompt: string | undefined;
  negativePrompt: string | undefined;
  fittingDegree: number | undefined;
  steps: number | undefined;
  guidance: number | undefined;
  scheduler: string | undefined;
  seed: number;
  variations: number;
  /** Outpaint: extend the picture to this; the mask is then not read. */
  outpaintTarget: OutpaintTarget | undefined;
  wholeImage: boolean;
}

export interface RunOptions {
  model: string;
  /** A LoRA to fuse at load: a folder or Hub repo (`where`) and its scale. */
  lora: { where: string; scale: number } | undefined;
  cacheDir: string | undefined;
  runtime: CliRuntime;
  /** An inference server to run the model on instead of this machine. */
  server: CliServer | undefined;
  files: RunFiles;
  settings: RunSettings;
  /** The seed was drawn here, not given: say it, so the result can be made again. */
  seedDrawn: boolean;
}

export interface CliServer {
  url: string;
  token: string | undefined;
  /** Pictures of a folder in flight at once. */
  concurrency: number;
}

/** Pictures in flight on a server when --concurrency is not given: enough for its dynamic batching to pair them. */
const SERVER_CONCURRENCY = 4;

type Flags = ParsedFlags<typeof RUN_FLAGS>;
type Fail = (message: string) => never;

/** The checks no single flag can make: which flags go together, which need which. */
export function runOptions(flags: Flags, randomSeed: () => number, env: Readonly<Record<string, string | undefined>> = {}): RunOptions {
  // Typed where it is declared, so TypeScript narrows after each `if (…) fail(…)`.
  const fail: Fail = (message) => {
    throw new UsageError(`${message} ${helpHint('run')}`);
  };
  if (flags.model === undefined) fail('Say which model to run with --model (hf:owner/name, a folder, a bundle URL or "instant").');
  if (flags.task === undefined) fail('Say what to do with --task remove, object, shape or outpaint.');
  const task = flags.task as Task; // one of TASKS: the parser checked the choice
  if (flags.model === INSTANT_MODEL && task !== 'remove') fail(`Instant mode only removes; --task ${task} needs a model (hf:owner/name, a folder or a bundle URL).`);
  const outpaintTarget = targetFrom(flags, task, fail);
  if (flags.fitting !== undefined && task !== 'shape') fail('--fitting is for --task shape only.');
  const speed = flags.speed as Speed | undefined; // one of SPEEDS: the parser checked the choice
  if (flags.model === INSTANT_MODEL && (flags.lora !== undefined || speed !== undefined)) {
    fail(`Instant mode runs no model: ${flags.lora !== undefined ? '--lora' : '--speed'} needs one (hf:owner/name or a folder).`);
  }
  const server = serverFrom(flags, env, fail);
  const lora = loraFrom(flags.lora ?? (speed === 'fast' ? `hf:${LCM_LORA.repo}` : undefined), fail);
  // Fast with a LoRA given means that LoRA is the LCM one (another scale, a mirror, a local copy).
  const preset = speed && speedSettings(speed, task, speed === 'fast');
  const seed = flags.seed ?? randomSeed();
  return {
    model: flags.model,
    lora,
    cacheDir: flags['cache-dir'],
    runtime: (flags.runtime as CliRuntime | undefined) ?? 'native',
    server,
    files: filesFrom(flags, outpaintTarget !== undefined, fail),
    settings: {
      task,
      prompt: flags.prompt,
      negativePrompt: flags.negative,
      fittingDegree: flags.fitting,
      steps: flags.steps ?? preset?.steps,
      guidance: flags.guidance ?? preset?.guidance,
      scheduler: flags.scheduler ?? preset?.scheduler,
      seed,
      variations: flags.variations ?? 1,
      outpaintTarget,
      wholeImage: flags['whole-image'] === true,
    },
    seedDrawn: flags.seed === undefined,
  };
}

function filesFrom(flags: Flags, hasTarget: boolean, fail: Fail): RunFiles {
  const single = flags.image !== undefined || flags.out !== undefined || flags.mask !== undefined;
  const batch = flags['input-dir'] !== undefined || flags['output-dir'] !== undefined || flags['mask-dir'] !== undefined;
  if (single && batch) fail('Give one image (--image, --mask, --out) or a folder (--input-dir, --mask-dir, --output-dir), not both.');
  if (!single && !batch) fail('Give an image with --image in.png --out out.png, or a folder with --input-dir DIR --output-dir DIR.');
  const mask = single ? flags.mask : flags['mask-dir'];
  const maskFlag = single ? '--mask' : '--mask-dir';
  // The window's outpaint extends the picture and repaints only what is new: a mask would be silently unused.
  if (hasTarget && mask !== undefined) fail(`${maskFlag} is not read when outpaint extends the picture (--extend, --ratio); leave one out.`);
  if (!hasTarget && mask === undefined) fail(`Give the area to repaint with ${maskFlag}${single ? ' mask.png' : ' DIR'} (outpaint can use --extend or --ratio instead).`);
  if (single) {
    if (flags.image === undefined) fail('Give the picture with --image in.png.');
    if (flags.out === undefined) fail('Say where the result goes with --out out.png.');
    return { kind: 'single', image: flags.image, mask, out: flags.out };
  }
  if (flags['input-dir'] === undefined) fail('Give the folder of pictures with --input-dir DIR.');
  if (flags['output-dir'] === undefined) fail('Say where the results go with --output-dir DIR.');
  return { kind: 'batch', inputDir: flags['input-dir'], maskDir: mask, outputDir: flags['output-dir'] };
}

/** --extend and --ratio as the window's outpaint targets (models/image/outpaint-canvas.ts): one or the other. */
function targetFrom(flags: Flags, task: Task, fail: Fail): OutpaintTarget | undefined {
  const { extend, ratio } = flags;
  if (extend === undefined && ratio === undefined) return undefined;
  const given = extend !== undefined ? '--extend' : '--ratio';
  if (task !== 'outpaint') fail(`${given} is for --task outpaint only.`);
  if (extend !== undefined && ratio !== undefined) fail('Give --extend or --ratio, not both (as in the plugin window).');
  if (flags['whole-image']) fail(`${given} extends the picture window by window; --whole-image runs the image as given with --mask. Leave one out.`);
  if (ratio !== undefined) {
    try {
      return { kind: 'aspect', ratio: parseRatio(ratio) };
    } catch {
      fail(`--ratio must be width:height such as 16:9 or a number such as 1.5, not "${ratio}".`);
    }
  }
  const sides = extend!.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  const [left, top, right, bottom] = sides.length === 1 ? [sides[0]!, sides[0]!, sides[0]!, sides[0]!] : sides;
  const valid = (sides.length === 1 || sides.length === 4) && sides.every((n) => Number.isInteger(n) && n >= 0) && sides.some((n) => n > 0);
  if (!valid) fail(`--extend must be pixels to add as left,top,right,bottom (whole numbers, not all 0) or one number for every side, not "${extend}".`);
  return { kind: 'sides', left: left!, top: top!, right: right!, bottom: bottom! };
}

/** --server and what goes with it; a server runs the graphs it holds, so nothing is fused or run here. */
function serverFrom(flags: Flags, env: Readonly<Record<string, string | undefined>>, fail: Fail): CliServer | undefined {
  if (flags.server === undefined) {
    if (flags['server-token'] !== undefined || flags.concurrency !== undefined) fail(`${flags.concurrency !== undefined ? '--concurrency' : '--server-token'} goes with --server URL.`);
    return undefined;
  }
  if (flags.model === INSTANT_MODEL) fail('Instant remove runs here, without a model: leave out --server, or give --model.');
  if (flags.runtime !== undefined) fail('--runtime picks this machine\'s runtime; with --server the model runs on the server. Leave one out.');
  if (flags.lora !== undefined || flags.speed === 'fast') {
    fail('A LoRA is fused into the UNet\'s weights, and the server runs the graphs it holds: write its repository with the LoRA fused (triton-repo --lora), then run without --lora.');
  }
  try {
    serverBase(flags.server);
  } catch (error) {
    if (error instanceof EngineError) fail(`--server: ${error.message}`);
    throw error;
  }
  return { url: flags.server, token: flags['server-token'] ?? env.POWERPAINT_SERVER_TOKEN, concurrency: flags.concurrency ?? SERVER_CONCURRENCY };
}

/** `--lora where[:scale]`, the scale checked here so a typo costs no model load. */
function loraFrom(text: string | undefined, fail: Fail): RunOptions['lora'] {
  if (text === undefined) return undefined;
  try {
    return parseLoraSpec(text);
  } catch (error) {
    if (error instanceof EngineError) fail(`--lora: ${error.message}`);
    throw error;
  }
}
