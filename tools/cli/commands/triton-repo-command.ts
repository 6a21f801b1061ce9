import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import { parseLoraSpec } from '../../../models/lora/lora-source.js';
import { openModel } from '../../../models/package/open-model.js';
import { formatBytes } from '../../../ui/format/format-bytes.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { flagHelp } from '../flags/flag-help.js';
import type { FlagSpecs } from '../flags/flag-spec.js';
import { parseFlags } from '../flags/parse-flags.js';
import { cacheLocation } from '../model/cache-location.js';
import { loadCliLora } from '../model/load-lora.js';
import { modelRef } from '../model/model-ref.js';
import { openSource } from '../model/open-source.js';
import { helpHint, PROGRAM } from '../program.js';
import { writeTritonRepo } from '../triton/write-triton-repo.js';
import { CACHE_DIR_HELP, MODEL_HELP } from './run-flags.js';

const TRITON_FLAGS = {
  model: { kind: 'text', value: 'M', group: 'options', help: MODEL_HELP.replace(/, or "instant".*$/, '') },
  out: { kind: 'text', value: 'DIR', group: 'options', help: 'the repository folder to write (new or empty)' },
  'cache-dir': { kind: 'text', value: 'DIR', group: 'options', help: CACHE_DIR_HELP },
  lora: { kind: 'text', value: 'L[:scale]', group: 'options', help: 'a LoRA fused into the UNet\'s weights first (diffusers repos), as run --lora does; the server then runs the fused UNet' },
  precision: { kind: 'choice', value: 'P', choices: ['fp16', 'fp32'], group: 'options', help: 'what the graphs compute in on the GPU (default fp16 where the weights are fp16; a bundle\'s graphs are as exported)' },
  'max-batch': { kind: 'integer', value: 'N', min: 1, max: 256, group: 'options', help: 'the largest batch Triton\'s dynamic batcher forms on the UNet from concurrent jobs (default 8; a guided step is a batch of 2)' },
  'storage-uri': { kind: 'text', value: 'URI', group: 'options', help: 'where the repository will be uploaded, for the KServe InferenceService (default pvc://powerpaint-models/<folder name>)' },
  help: { kind: 'switch', group: 'options', help: 'show this' },
} as const satisfies FlagSpecs;

export const TRITON_REPO_USAGE = `usage: ${PROGRAM} triton-repo --model M --out DIR [options]

Writes a Triton model repository from a model, for a team's GPU server (Triton, or KServe with its
Triton runtime): text_encoder, unet, vae_encoder and vae_decoder, each <name>/1/model.onnx with its
weights as external data beside it and a config.pbtxt for the ONNX Runtime backend (exact input and
output names, types and dimensions; dynamic batching on the UNet), and inference-service.yaml, a KServe
InferenceService for the same folder. Then run with --server URL (docs/inference-server.md).

${flagHelp(TRITON_FLAGS)}
`;

export async function tritonRepoCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(TRITON_REPO_USAGE);
    return EXIT.ok;
  }
  const flags = parseFlags(args, TRITON_FLAGS, helpHint('triton-repo'));
  if (flags.model === undefined) throw new UsageError(`Say which model with --model M. ${helpHint('triton-repo')}`);
  if (flags.out === undefined) throw new UsageError(`Say where the repository goes with --out DIR. ${helpHint('triton-repo')}`);
  const ref = modelRef(flags.model, { endpoint: hubEndpointFromEnv(io.env) });
  if (ref.kind === 'instant') throw new UsageError(`Instant remove has no model to serve: give --model hf:owner/name or a folder. ${helpHint('triton-repo')}`);
  const cacheDir = cacheLocation(flags['cache-dir'], io.env);
  const { source, verify } = await openSource(ref, { io, cacheDir });
  const lora = flags.lora === undefined ? undefined : await loadCliLora(parseLoraSpec(flags.lora), { io, cacheDir });
  const model = await openModel(source, verify, lora);
  const wantHalf = (flags.precision ?? 'fp16') === 'fp16';
  const compute = wantHalf && model.computeTypes.includes('float16') ? 'float16' : model.computeTypes.includes('float32') ? 'float32' : model.computeTypes[0]!;
  const folder = flags.out.replace(/\/+$/, '').split('/').pop() || 'powerpaint';
  const written = await writeTritonRepo(
    model,
    {
      out: flags.out,
      compute,
      unetBatching: { maxBatchSize: flags['max-batch'] ?? 8, maxQueueDelayMicroseconds: 2000 },
      serviceName: 'powerpaint',
      storageUri: flags['storage-uri'] ?? `pvc://powerpaint-models/${folder}`,
    },
    (g) => io.stderr.write(`wrote ${g.name} (${formatBytes(g.bytes)}${g.batched ? ', dynamic batching' : ''})\n`),
  );
  io.stdout.write(`${flags.out}: Triton model repository of ${model.manifest.name} (${written.length} graphs, computing in ${compute}) and inference-service.yaml\n`);
  return EXIT.ok;
}
