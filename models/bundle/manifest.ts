import { EngineError } from '../engine/errors.js';

export const TASK_TOKEN_NAMES = ['P_obj', 'P_ctxt', 'P_shape'] as const;
export type TaskTokenName = (typeof TASK_TOKEN_NAMES)[number];

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

const FAMILIES = ['powerpaint-v1', 'sd15-inpainting'] as const;

export function parseManifest(json: unknown, label: string): BundleManifest {
  const problem = (what: string): never => {
    throw new EngineError('corrupt-bundle', `powerpaint.json in ${label}: ${what}. Re-export or re-download the bundle.`);
  };
  if (!isRecord(json)) return problem('not a JSON object');
  const family = json.family;
  if (!FAMILIES.includes(family as BundleManifest['family'])) {
    problem(`unknown family ${JSON.stringify(family)} (expected ${FAMILIES.join(' or ')})`);
  }
  const positive = (key: string, fallback?: number): number => {
    const value = json[key] ?? fallback;
    if (typeof value !== 'number' || !(value > 0)) problem(`"${key}" must be a positive number`);
    return value as number;
  };
  const vaeScaleFactor = positive('vaeScaleFactor');
  const files = Array.isArray(json.files) ? json.files.map((file, i) => parseFile(file, i, problem)) : problem('"files" must be a list');
  const defaults = isRecord(json.defaults) ? json.defaults : {};
  return {
    family: family as BundleManifest['family'],
    version: String(json.version ?? ''),
    name: String(json.name ?? label),
    precision: json.precision === 'fp16' ? 'fp16' : 'fp32',
    sampleSize: positive('sampleSize'),
    vaeScaleFactor,
    latentChannels: positive('latentChannels', 4),
    scalingFactor: positive('scalingFactor', 0.18215),
    sizeMultiple: positive('sizeMultiple', vaeScaleFactor),
    taskTokens: json.taskTokens === undefined ? undefined : parseTaskTokens(json.taskTokens, problem),
    defaults: {
      steps: typeof defaults.steps === 'number' ? defaults.steps : 45,
      guidance: typeof defaults.guidance === 'number' ? defaults.guidance : 7.5,
      scheduler: typeof defaults.scheduler === 'string' ? defaults.scheduler : 'DDIMScheduler',
    },
    files,
  };
}

function parseFile(file: unknown, index: number, problem: (what: string) => never): BundleFile {
  if (!isRecord(file) || typeof file.path !== 'string' || typeof file.bytes !== 'number' || typeof file.sha256 !== 'string') {
    return problem(`files[${index}] needs "path", "bytes" and "sha256"`);
  }
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) problem(`files[${index}].sha256 is not a hex sha256`);
  return { path: file.path, bytes: file.bytes, sha256: file.sha256 };
}

function parseTaskTokens(value: unknown, problem: (what: string) => never): Record<TaskTokenName, string[]> {
  if (!isRecord(value)) return problem('"taskTokens" must be an object');
  const tokens = {} as Record<TaskTokenName, string[]>;
  for (const name of TASK_TOKEN_NAMES) {
    const subTokens = value[name];
    if (!Array.isArray(subTokens) || subTokens.length === 0 || !subTokens.every((t) => typeof t === 'string')) {
      problem(`"taskTokens.${name}" must list its sub-tokens`);
    }
    tokens[name] = subTokens as string[];
  }
  return tokens;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
