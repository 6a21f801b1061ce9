import { EngineError } from '../engine/errors.js';
import { SCHEDULER_NAMES } from '../schedulers/index.js';

export const TASK_TOKEN_NAMES = ['P_obj', 'P_ctxt', 'P_shape'] as const;
export type TaskTokenName = (typeof TASK_TOKEN_NAMES)[number];

export const MANIFEST_PATH = 'powerpaint.json';

/** Files every bundle lists: the engine opens each of them. Schema: README.md in this folder. */
export const REQUIRED_FILES = [
  'tokenizer/tokenizer.json',
  'scheduler/scheduler_config.json',
  'text_encoder/model.onnx',
  'unet/model.onnx',
  'vae_encoder/model.onnx',
  'vae_decoder/model.onnx',
] as const;

/**
 * The largest single file: ArrayBuffers and protobuf messages stop at 2 GiB, so weights beyond that
 * go into ONNX external-data files (each under the limit) listed beside their model.
 */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

export interface BundleFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** `powerpaint.json`: what the engine needs to know about a bundle before opening any model. */
export interface BundleManifest {
  family: 'powerpaint-v1' | 'sd15-inpainting';
  version: string;
  name: string;
  /** Weights' precision inside the graphs (inputs and outputs are float32 either way). */
  precision: 'fp32' | 'fp16';
  /** Native latent size (64 for SD-1.5: 512 px images). */
  sampleSize: number;
  vaeScaleFactor: number;
  latentChannels: number;
  scalingFactor: number;
  /** Image sides must be multiples of this (the UNet's total downsampling times the VAE's). */
  sizeMultiple: number;
  /** Each task word and the sub-tokens it expands to; absent for plain inpainting bundles. */
  taskTokens: Record<TaskTokenName, string[]> | undefined;
  defaults: { steps: number; guidance: number; scheduler: string };
  files: BundleFile[];
}

export const FAMILIES = ['powerpaint-v1', 'sd15-inpainting'] as const;

/**
 * The manifest, or an EngineError('corrupt-bundle') that lists every problem found (not just the first),
 * each naming the key and what it should be.
 */
export function parseManifest(json: unknown, label: string): BundleManifest {
  const { manifest, problems } = checkManifest(json);
  if (!manifest || problems.length > 0) {
    throw new EngineError('corrupt-bundle', `powerpaint.json in ${label}: ${problems.join('; ')}. Re-export or re-download the bundle.`);
  }
  return manifest;
}

/** Every problem in a manifest (empty when it is valid), for `bundle:check` and `parseManifest`. */
export function manifestProblems(json: unknown): string[] {
  return checkManifest(json).problems;
}

/** Sum of the listed files' sizes: what a download moves and a cache holds. */
export function manifestBytes(manifest: Pick<BundleManifest, 'files'>): number {
  return manifest.files.reduce((sum, file) => sum + file.bytes, 0);
}

function checkManifest(json: unknown): { manifest?: BundleManifest; problems: string[] } {
  const problems: string[] = [];
  const problem = (what: string): undefined => void problems.push(what);
  if (!isRecord(json)) return { problems: ['not a JSON object'] };

  const family = json.family;
  if (!FAMILIES.includes(family as BundleManifest['family'])) {
    problem(`unknown family ${JSON.stringify(family)} (expected ${FAMILIES.join(' or ')})`);
  }
  if (typeof json.version !== 'string' || json.version === '') problem('"version" must be a non-empty string, e.g. "1.0.0"');
  if (json.name !== undefined && typeof json.name !== 'string') problem('"name" must be a string');
  if (json.precision !== undefined && json.precision !== 'fp32' && json.precision !== 'fp16') {
    problem(`"precision" must be "fp32" or "fp16" (got ${JSON.stringify(json.precision)})`);
  }

  const integer = (key: string, fallback?: number): number => {
    const value = json[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      problem(`"${key}" must be a positive integer${value === undefined ? ' (missing)' : ` (got ${JSON.stringify(value)})`}`);
      return 1;
    }
    return value;
  };
  const sampleSize = integer('sampleSize');
  const vaeScaleFactor = integer('vaeScaleFactor');
  const latentChannels = integer('latentChannels', 4);
  const sizeMultiple = integer('sizeMultiple', vaeScaleFactor);
  if (sizeMultiple % vaeScaleFactor !== 0) problem(`"sizeMultiple" (${sizeMultiple}) must be a multiple of "vaeScaleFactor" (${vaeScaleFactor})`);
  const scalingFactor = json.scalingFactor ?? 0.18215;
  if (typeof scalingFactor !== 'number' || !(scalingFactor > 0)) problem('"scalingFactor" must be a positive number (0.18215 for SD-1.5)');

  let taskTokens: Record<TaskTokenName, string[]> | undefined;
  if (json.taskTokens !== undefined) taskTokens = parseTaskTokens(json.taskTokens, problem);
  else if (family === 'powerpaint-v1') problem('"taskTokens" is required for family "powerpaint-v1" (P_obj, P_ctxt, P_shape and their sub-tokens)');

  const defaults = parseDefaults(json.defaults, problem);
  const files = parseFiles(json.files, problem);

  if (problems.length > 0) return { problems };
  return {
    problems,
    manifest: {
      family: family as BundleManifest['family'],
      version: json.version as string,
      name: typeof json.name === 'string' ? json.name : `${family as string} ${json.version as string}`,
      precision: json.precision === 'fp16' ? 'fp16' : 'fp32',
      sampleSize,
      vaeScaleFactor,
      latentChannels,
      scalingFactor: scalingFactor as number,
      sizeMultiple,
      taskTokens,
      defaults,
      files,
    },
  };
}

function parseDefaults(value: unknown, problem: (what: string) => undefined): BundleManifest['defaults'] {
  const defaults = { steps: 45, guidance: 7.5, scheduler: 'DDIMScheduler' };
  if (value === undefined) return defaults;
  if (!isRecord(value)) return problem('"defaults" must be an object') ?? defaults;
  if (value.steps !== undefined) {
    if (typeof value.steps === 'number' && Number.isInteger(value.steps) && value.steps >= 1 && value.steps <= 1000) defaults.steps = value.steps;
    else problem(`"defaults.steps" must be an integer from 1 to 1000 (got ${JSON.stringify(value.steps)})`);
  }
  if (value.guidance !== undefined) {
    if (typeof value.guidance === 'number' && value.guidance >= 0 && value.guidance <= 50) defaults.guidance = value.guidance;
    else problem(`"defaults.guidance" must be a number from 0 to 50 (got ${JSON.stringify(value.guidance)})`);
  }
  if (value.scheduler !== undefined) {
    if (typeof value.scheduler === 'string' && SCHEDULER_NAMES.includes(value.scheduler)) defaults.scheduler = value.scheduler;
    else problem(`"defaults.scheduler" ${JSON.stringify(value.scheduler)} is not a known scheduler (${SCHEDULER_NAMES.join(', ')})`);
  }
  return defaults;
}

function parseFiles(value: unknown, problem: (what: string) => undefined): BundleFile[] {
  if (!Array.isArray(value)) return problem('"files" must be a list of {path, bytes, sha256}') ?? [];
  const files: BundleFile[] = [];
  const seen = new Set<string>();
  value.forEach((file: unknown, i) => {
    if (!isRecord(file) || typeof file.path !== 'string' || typeof file.bytes !== 'number' || typeof file.sha256 !== 'string') {
      problem(`files[${i}] needs "path" (string), "bytes" (number) and "sha256" (hex string)`);
      return;
    }
    const { path, bytes } = file;
    const sha256 = file.sha256.toLowerCase();
    if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
      problem(`files[${i}].path ${JSON.stringify(path)} must be a relative path with forward slashes, without "." or ".." parts`);
    }
    if (seen.has(path)) problem(`files[${i}].path ${JSON.stringify(path)} is listed twice`);
    seen.add(path);
    if (!Number.isSafeInteger(bytes) || bytes < 0) problem(`files[${i}].bytes (${path}) must be a whole number of bytes`);
    else if (bytes > MAX_FILE_BYTES) {
      problem(`${path} is ${bytes} bytes, over the 2 GiB a browser can hold in one buffer; export its weights as ONNX external data in files under 2 GiB`);
    }
    if (!/^[0-9a-f]{64}$/.test(sha256)) problem(`files[${i}].sha256 (${path}) is not a hex sha256`);
    files.push({ path, bytes, sha256 });
  });
  const missing = REQUIRED_FILES.filter((path) => !seen.has(path));
  if (missing.length > 0) problem(`"files" does not list ${missing.join(', ')}`);
  return files;
}

function parseTaskTokens(value: unknown, problem: (what: string) => undefined): Record<TaskTokenName, string[]> {
  const tokens = {} as Record<TaskTokenName, string[]>;
  if (!isRecord(value)) return problem('"taskTokens" must be an object') ?? tokens;
  const seen = new Set<string>();
  for (const name of TASK_TOKEN_NAMES) {
    const subTokens = value[name];
    if (!Array.isArray(subTokens) || subTokens.length === 0 || !subTokens.every((t) => typeof t === 'string' && t !== '')) {
      problem(`"taskTokens.${name}" must list its sub-tokens`);
      continue;
    }
    for (const token of subTokens as string[]) {
      if (seen.has(token)) problem(`sub-token ${JSON.stringify(token)} appears twice in "taskTokens"`);
      seen.add(token);
    }
    tokens[name] = subTokens as string[];
  }
  return tokens;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
