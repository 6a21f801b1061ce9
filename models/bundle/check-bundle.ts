import { parsePythonJson } from './bundle-source.js';
import { describe as describeError, type ByteOrigin } from './byte-origin.js';
import { downloadFile, type RetryOptions } from './download-file.js';
import { discardSink, memorySink } from './file-sink.js';
import { MANIFEST_PATH, manifestProblems, parseManifest, type BundleFile, type BundleManifest } from './manifest.js';
import { readOnnxIo, type OnnxIo, type OnnxValue } from './onnx-io.js';

/** What `bundle:check` found: every problem, each a sentence that names the file and what is wrong. */
export interface BundleCheckReport {
  label: string;
  ok: boolean;
  problems: string[];
  /** Facts worth printing (dtypes found, sizes), not problems. */
  notes: string[];
  files: { path: string; bytes: number; ok: boolean }[];
  manifest?: BundleManifest;
}

export interface CheckBundleOptions {
  /** Hash every file (default true); false checks the manifest and model signatures only. */
  hashes?: boolean;
  retry?: RetryOptions;
  signal?: AbortSignal;
  onFile?: (path: string, index: number, count: number) => void;
}

interface Expected {
  name: string;
  /** Names other exports use for the same value. */
  aliases?: readonly string[];
  types: readonly string[];
  /** null: any size; a number: that size (a symbolic dim passes too). */
  shape: readonly (number | null | 'hidden' | 'latent' | 'latent-or-double' | 'unet-in')[] | 'scalar-or-batch';
}

/** What the engine feeds and reads (models/engine/powerpaint-engine.ts), by model. */
export const MODEL_SIGNATURES: Record<string, { inputs: Expected[]; outputs: Expected[] }> = {
  'text_encoder/model.onnx': {
    inputs: [{ name: 'input_ids', types: ['int32', 'int64'], shape: [null, 77] }],
    outputs: [{ name: 'last_hidden_state', types: ['float32'], shape: [null, 77, 'hidden'] }],
  },
  'unet/model.onnx': {
    inputs: [
      { name: 'sample', types: ['float32'], shape: [null, 'unet-in', null, null] },
      { name: 'timestep', types: ['int64', 'float32'], shape: 'scalar-or-batch' },
      { name: 'encoder_hidden_states', types: ['float32'], shape: [null, 77, 'hidden'] },
    ],
    outputs: [{ name: 'out_sample', types: ['float32'], shape: [null, 'latent', null, null] }],
  },
  'vae_encoder/model.onnx': {
    inputs: [{ name: 'sample', types: ['float32'], shape: [null, 3, null, null] }],
    outputs: [{ name: 'latent_sample', aliases: ['latent_parameters'], types: ['float32'], shape: [null, 'latent-or-double', null, null] }],
  },
  'vae_decoder/model.onnx': {
    inputs: [{ name: 'latent_sample', types: ['float32'], shape: [null, 'latent', null, null] }],
    outputs: [{ name: 'sample', types: ['float32'], shape: [null, 3, null, null] }],
  },
};

/**
 * Checks a bundle the way the engine will use it, without running it: the manifest's schema; every
 * listed file present, of its size and sha256 (streamed); each model's input and output names,
 * dtypes and shapes against what the engine feeds (`MODEL_SIGNATURES`), its text width consistent
 * between text encoder and UNet, its external-data files listed; the tokenizer holding the task
 * sub-tokens; the scheduler config readable.
 */
export async function checkBundle(origin: ByteOrigin, options: CheckBundleOptions = {}): Promise<BundleCheckReport> {
  const report: BundleCheckReport = { label: origin.label, ok: false, problems: [], notes: [], files: [] };
  const problem = (what: string) => void report.problems.push(what);
  const read = async (entry: BundleFile | { path: string }): Promise<Uint8Array | undefined> => {
    try {
      const { body } = await origin.open(entry.path, 0, options.signal ?? new AbortController().signal);
      return new Uint8Array(await new Response(body).arrayBuffer());
    } catch (error) {
      problem(`${entry.path}: could not be read (${describeError(error)})`);
      return undefined;
    }
  };

  const manifestBytes = await read({ path: MANIFEST_PATH });
  if (!manifestBytes) return report;
  let json: unknown;
  try {
    json = parsePythonJson(new TextDecoder().decode(manifestBytes));
  } catch (error) {
    problem(`${MANIFEST_PATH}: not valid JSON (${describeError(error)})`);
    return report;
  }
  const schemaProblems = manifestProblems(json);
  for (const what of schemaProblems) problem(`${MANIFEST_PATH}: ${what}`);
  if (schemaProblems.length > 0) return report;
  const manifest = parseManifest(json, origin.label);
  report.manifest = manifest;

  // Files: size and sha256, streamed; models and JSON kept for the checks below (each once in memory).
  const kept = new Map<string, Uint8Array>();
  for (const [index, entry] of manifest.files.entries()) {
    options.onFile?.(entry.path, index, manifest.files.length);
    const keep = entry.path.endsWith('.onnx') || entry.path.endsWith('.json');
    try {
      if (options.hashes === false) {
        if (keep) {
          const bytes = await read(entry);
          if (!bytes) throw new Error('unreadable');
          if (bytes.byteLength !== entry.bytes) throw new Error(`is ${bytes.byteLength} bytes but the manifest says ${entry.bytes}`);
          kept.set(entry.path, bytes);
        }
      } else {
        const common = { origin, entry, ...(options.retry ? { retry: options.retry } : {}), ...(options.signal ? { signal: options.signal } : {}) };
        if (keep) kept.set(entry.path, await downloadFile({ ...common, sink: memorySink(entry.bytes, entry.path) }));
        else await downloadFile({ ...common, sink: discardSink() });
      }
      report.files.push({ path: entry.path, bytes: entry.bytes, ok: true });
    } catch (error) {
      report.files.push({ path: entry.path, bytes: entry.bytes, ok: false });
      const message = error instanceof Error ? error.message : String(error);
      if (message !== 'unreadable') problem(message.startsWith(entry.path) ? message : `${entry.path}: ${message}`);
    }
  }

  const hidden = new Map<string, number | string>();
  for (const [path, signature] of Object.entries(MODEL_SIGNATURES)) {
    const bytes = kept.get(path);
    if (!bytes) continue;
    let io: OnnxIo;
    try {
      io = readOnnxIo(bytes);
    } catch (error) {
      problem(`${path}: cannot be read as ONNX (${describeError(error)})`);
      continue;
    }
    checkSide(path, 'input', signature.inputs, io.inputs, manifest, hidden, problem);
    checkSide(path, 'output', signature.outputs, io.outputs, manifest, hidden, problem);
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    for (const location of io.externalData) {
      if (!manifest.files.some((f) => f.path === `${folder}${location}`)) {
        problem(`${path}: keeps weights in the external-data file ${location}, which the manifest does not list as ${folder}${location}`);
      }
    }
    report.notes.push(`${path}: ${io.inputs.map(sig).join(', ')} -> ${io.outputs.map(sig).join(', ')}`);
  }
  const widths = [...new Set([...hidden.values()].filter((v) => typeof v === 'number'))];
  if (widths.length > 1) {
    problem(`text width differs between models: ${[...hidden].map(([where, d]) => `${where} has ${d}`).join(', ')} (the UNet's encoder_hidden_states must take what the text encoder gives)`);
  }

  checkTokenizer(kept.get('tokenizer/tokenizer.json'), manifest, problem);
  const scheduler = kept.get('scheduler/scheduler_config.json');
  if (scheduler) {
    try {
      const config = parsePythonJson(new TextDecoder().decode(scheduler)) as Record<string, unknown>;
      if (typeof config !== 'object' || config === null || typeof config.num_train_timesteps !== 'number') {
        problem('scheduler/scheduler_config.json: not a diffusers scheduler config (no num_train_timesteps)');
      }
    } catch (error) {
      problem(`scheduler/scheduler_config.json: not valid JSON (${describeError(error)})`);
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}

function checkSide(
  path: string,
  side: 'input' | 'output',
  expected: readonly Expected[],
  actual: readonly OnnxValue[],
  manifest: BundleManifest,
  hidden: Map<string, number | string>,
  problem: (what: string) => void,
): void {
  const names = actual.map((v) => `"${v.name}"`).join(', ') || 'none';
  const named = (e: Expected) => actual.find((v) => v.name === e.name || e.aliases?.includes(v.name));
  const missing = expected.filter((e) => !named(e));
  if (missing.length > 0) {
    problem(`${path}: has no ${side} named ${missing.map((e) => `"${e.name}"`).join(', ')} (it has ${names}); the engine feeds Optimum's names`);
  }
  const C = manifest.latentChannels;
  for (const want of expected) {
    const got = named(want);
    if (!got) continue;
    const where = `${path} ${side} "${got.name}"`;
    if (!want.types.includes(got.type)) {
      const why = got.type === 'float16' ? ' (fp16 bundles keep float32 inputs and outputs and cast inside the graph)' : '';
      problem(`${where} is ${got.type}; the engine needs ${want.types.join(' or ')}${why}`);
    }
    if (want.shape === 'scalar-or-batch') {
      if (got.shape.length > 1) problem(`${where} has shape [${got.shape.join(', ')}]; the engine feeds a scalar or [batch]`);
      continue;
    }
    if (got.shape.length !== want.shape.length) {
      problem(`${where} has shape [${got.shape.join(', ')}]; the engine needs rank ${want.shape.length}`);
      continue;
    }
    want.shape.forEach((dim, axis) => {
      const size = got.shape[axis]!;
      if (dim === 'hidden') return void hidden.set(where, size);
      if (dim === null || typeof size === 'string') return;
      const allowed = dim === 'latent' ? [C] : dim === 'latent-or-double' ? [C, 2 * C] : dim === 'unet-in' ? [2 * C + 1] : [dim];
      if (!allowed.includes(size)) {
        problem(`${where} has ${size} at axis ${axis} of [${got.shape.join(', ')}]; the engine needs ${allowed.join(' or ')}${dim === 'unet-in' ? ` (latents ${C} + mask 1 + masked image ${C})` : ''}`);
      }
    });
  }
}

function checkTokenizer(bytes: Uint8Array | undefined, manifest: BundleManifest, problem: (what: string) => void): void {
  if (!bytes) return;
  let json: { added_tokens?: { content?: string }[]; model?: { vocab?: Record<string, number> } };
  try {
    json = parsePythonJson(new TextDecoder().decode(bytes)) as typeof json;
  } catch (error) {
    return problem(`tokenizer/tokenizer.json: not valid JSON (${describeError(error)})`);
  }
  if (!json?.model?.vocab) problem('tokenizer/tokenizer.json: no model.vocab (a fast CLIP tokenizer.json is needed)');
  const added = new Set((json.added_tokens ?? []).map((t) => t.content));
  const subTokens = Object.values(manifest.taskTokens ?? {}).flat();
  const absent = subTokens.filter((t) => !added.has(t));
  if (absent.length > 0) {
    problem(`tokenizer/tokenizer.json: ${absent.length} task sub-token(s) are not added tokens (${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ', …' : ''}); export the tokenizer with PowerPaint's added tokens`);
  }
}

function sig(value: OnnxValue): string {
  return `${value.name} ${value.type}[${value.shape.join(',')}]`;
}

/** The report as the CLI prints it. */
export function formatReport(report: BundleCheckReport): string {
  const lines = [`Bundle: ${report.label}`];
  if (report.manifest) lines.push(`  ${report.manifest.name} (${report.manifest.family} ${report.manifest.version}, ${report.manifest.precision})`);
  for (const file of report.files) lines.push(`  ${file.ok ? 'ok  ' : 'FAIL'} ${file.path} (${file.bytes} bytes)`);
  for (const note of report.notes) lines.push(`  note: ${note}`);
  lines.push(report.ok ? 'OK: the engine can load this bundle.' : `${report.problems.length} problem(s):`);
  for (const what of report.problems) lines.push(`  - ${what}`);
  return lines.join('\n');
}
