import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import { INSTANT_ENGINE_LABEL, InstantRemoveEngine } from '../../../models/instant/instant-remove-engine.js';
import { openModel } from '../../../models/package/open-model.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { FlagSpecs } from '../flags/flag-spec.js';
import { flagHelp } from '../flags/flag-help.js';
import { parseFlags } from '../flags/parse-flags.js';
import { modelRef } from '../model/model-ref.js';
import { openSource } from '../model/open-source.js';
import { helpHint, PROGRAM } from '../program.js';
import { describeInstant, describeModel, type ModelInfo } from './describe-model.js';
import { formatInfo } from './format-info.js';
import { MODEL_HELP } from './run-flags.js';

const INFO_FLAGS = {
  model: { kind: 'text', value: 'M', group: 'options', help: MODEL_HELP },
  json: { kind: 'switch', group: 'options', help: 'print it as JSON' },
  help: { kind: 'switch', group: 'options', help: 'show this' },
} as const satisfies FlagSpecs;

export const INFO_USAGE = `usage: ${PROGRAM} info --model M [--json]

Says what a model is (layout, family, precision, sizes, defaults, files) from its small files only: no
weights are downloaded and nothing runs. A Hub repo or a bundle URL needs the network for its file list.

${flagHelp(INFO_FLAGS)}
`;

export async function infoCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(INFO_USAGE);
    return EXIT.ok;
  }
  const flags = parseFlags(args, INFO_FLAGS, helpHint('info'));
  if (flags.model === undefined) throw new UsageError(`Say which model with --model M. ${helpHint('info')}`);
  const ref = modelRef(flags.model, { endpoint: hubEndpointFromEnv(io.env) });
  let info: ModelInfo;
  if (ref.kind === 'instant') {
    info = describeInstant(new InstantRemoveEngine().manifest, INSTANT_ENGINE_LABEL);
  } else {
    // No cache: the engine is not loaded, so weights must not be downloaded either.
    const opened = await openSource(ref, { io, cacheDir: undefined });
    info = describeModel(await openModel(opened.source, false), opened.notes);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatInfo(info)}\n`);
  return EXIT.ok;
}
