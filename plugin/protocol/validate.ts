/**
 * Hand-written guards for every message that crosses the plugin/UI boundary. A message is acted on
 * only after its guard accepted it; otherwise the receiver logs the reason and drops it.
 */
import { TASKS } from '../../models/engine/types.js';
import { MAX_IMAGE_SIDE, MAX_JOBS_AT_ONCE, MAX_OUTPAINT_SIDES, SETTINGS_SCHEMA_VERSION, type OutputMode, type PluginToUiMessage, type Task, type UiToPluginMessage } from './messages.js';

export type Validation<T> = { ok: true; message: T } | { ok: false; reason: string };

type Fields = Record<string, unknown>;
/** Returns what is wrong with a message (or a part of one), or undefined when nothing is. */
type FieldCheck = (fields: Fields) => string | undefined;

const MAX_TEXT_LENGTH = 1000;
const MAX_PROMPT_LENGTH = 2000;
const MAX_VARIATIONS = 8;
const MAX_SOURCES = 500;

export function validateUiToPluginMessage(value: unknown): Validation<UiToPluginMessage> {
  return validateWith<UiToPluginMessage>(value, UI_TO_PLUGIN_CHECKS);
}

export function validatePluginToUiMessage(value: unknown): Validation<PluginToUiMessage> {
  return validateWith<PluginToUiMessage>(value, PLUGIN_TO_UI_CHECKS);
}

const OUTPUT_MODES: readonly OutputMode[] = ['layer', 'patch'];

/** Checks a stored or sent `Settings` object; also used on what clientStorage returns. */
export function settingsProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'must be an object';
  if (value['schemaVersion'] !== SETTINGS_SCHEMA_VERSION) return `\`schemaVersion\` must be ${SETTINGS_SCHEMA_VERSION}`;
  const perTask = value['options'];
  if (!isRecord(perTask)) return '`options` must be an object';
  for (const key of Object.keys(perTask)) {
    if (!isTask(key)) return `\`options\` has an unknown task "${key}"`;
    const problem = optionsProblem(perTask[key]);
    if (problem !== undefined) return `\`options.${key}\`: ${problem}`;
  }
  return firstProblem(
    task(value),
    oneOf(value, 'output', OUTPUT_MODES),
    oneOf(value, 'seedMode', ['lock', 'new']),
    nested(value, 'model', modelSource),
  );
}

function modelSource(m: Fields): string | undefined {
  const optionalText = (key: string, max: number) =>
    m[key] === undefined || (typeof m[key] === 'string' && m[key].length <= max) ? undefined : `\`${key}\` must be a string of up to ${max} characters`;
  return firstProblem(
    oneOf(m, 'from', ['catalog', 'url', 'folder']),
    optionalText('catalogId', 100),
    optionalText('url', MAX_TEXT_LENGTH),
    optionalText('repo', 300),
    optionalText('hubToken', 300),
    m['serverOn'] === undefined || typeof m['serverOn'] === 'boolean' ? undefined : '`serverOn` must be true or false',
    optionalText('serverUrl', 1000),
    optionalText('serverToken', 1000),
    m['serverJobs'] === undefined || jobsAtOnce(m['serverJobs']) ? undefined : `\`serverJobs\` must be a whole number from 1 to ${MAX_JOBS_AT_ONCE}`,
  );
}

const UI_TO_PLUGIN_CHECKS: Record<UiToPluginMessage['type'], FieldCheck> = {
  ready: () => undefined,
  'load-source': (m) => firstProblem(id(m, 'requestId'), id(m, 'sourceId'), task(m), m['options'] === undefined ? undefined : options(m)),
  run: (m) =>
    firstProblem(
      sourceIds(m),
      task(m),
      options(m),
      m['mask'] === undefined ? undefined : nested(m, 'mask', paintedMask),
      m['usedMaskLayerIds'] === undefined ? undefined : idList(m, 'usedMaskLayerIds'),
      m['usedMaskLayerIds'] !== undefined && m['mask'] === undefined ? '`usedMaskLayerIds` comes only with a painted `mask`' : undefined,
      m['output'] === undefined ? undefined : oneOf(m, 'output', OUTPUT_MODES),
      m['jobsAtOnce'] === undefined || jobsAtOnce(m['jobsAtOnce']) ? undefined : `\`jobsAtOnce\` must be a whole number from 1 to ${MAX_JOBS_AT_ONCE}`,
    ),
  result: (m) =>
    firstProblem(
      id(m, 'jobId'),
      list(m, 'images', resultImage, 1, m['parts'] === undefined ? MAX_VARIATIONS : 1),
      m['parts'] === undefined ? undefined : resultParts(m),
      m['options'] === undefined ? undefined : options(m),
    ),
  'job-failed': (m) => firstProblem(id(m, 'jobId'), text(m, 'message', MAX_TEXT_LENGTH)),
  cancel: (m) => id(m, 'jobId'),
  'save-settings': (m) => prefixed('`settings`', settingsProblem(m['settings'])),
  notify: (m) => firstProblem(text(m, 'message', MAX_TEXT_LENGTH), optionalBoolean(m, 'error')),
  close: () => undefined,
  resize: (m) => size(m),
};

const PLUGIN_TO_UI_CHECKS: Record<PluginToUiMessage['type'], FieldCheck> = {
  preselect: (m) =>
    firstProblem(
      m['task'] === null ? undefined : task(m),
      m['options'] === undefined ? undefined : options(m),
      optionalBoolean(m, 'autoRun'),
    ),
  settings: (m) => prefixed('`settings`', settingsProblem(m['settings'])),
  selection: (m) =>
    firstProblem(
      list(m, 'sources', sourceSummary, 0, MAX_SOURCES),
      list(m, 'skipped', skippedLayer, 0, Infinity),
      m['problem'] === null ? undefined : text(m, 'problem', MAX_TEXT_LENGTH),
      Array.isArray(m['sources']) && m['sources'].length === 0 && m['problem'] === null ? '`problem` must say why there is no source' : undefined,
    ),
  source: (m) => firstProblem(id(m, 'requestId'), sourcePixels(m)),
  job: (m) =>
    firstProblem(
      id(m, 'jobId'),
      sourcePixels(m),
      options(m),
      positiveInteger(m, 'index'),
      positiveInteger(m, 'count'),
      (m['index'] as number) > (m['count'] as number) ? '`index` must not exceed `count`' : undefined,
      m['paintedMask'] === null ? undefined : nested(m, 'paintedMask', paintedMask),
      oneOf(m, 'output', OUTPUT_MODES),
    ),
  'result-placed': (m) => firstProblem(id(m, 'jobId'), list(m, 'layers', maskLayer, 1, Infinity), textList(m, 'notices')),
  'batch-done': (m) =>
    firstProblem(
      nonNegativeInteger(m, 'count'),
      nonNegativeInteger(m, 'placed'),
      list(m, 'failed', (f) => firstProblem(string(f, 'sourceName'), text(f, 'message', MAX_TEXT_LENGTH)), 0, Infinity),
      boolean(m, 'cancelled'),
    ),
  error: (m) =>
    firstProblem(text(m, 'message', MAX_TEXT_LENGTH), m['jobId'] === undefined ? undefined : id(m, 'jobId')),
};

function validateWith<T>(value: unknown, checks: Record<string, FieldCheck>): Validation<T> {
  if (!isRecord(value)) return { ok: false, reason: 'a message must be an object' };
  const type = value['type'];
  if (typeof type !== 'string') return { ok: false, reason: 'a message needs a string `type`' };
  // hasOwnProperty, not Object.hasOwn: the plugin targets Figma's ES2017-era sandbox.
  const check = Object.prototype.hasOwnProperty.call(checks, type) ? checks[type] : undefined;
  if (!check) return { ok: false, reason: `unknown message type "${type}"` };
  const problem = check(value);
  if (problem !== undefined) return { ok: false, reason: `"${type}" message: ${problem}` };
  return { ok: true, message: value as T };
}

// ---- parts of messages ----------------------------------------------------------------------------

function sourcePixels(m: Fields): string | undefined {
  return firstProblem(
    id(m, 'sourceId'),
    string(m, 'name'),
    oneOf(m, 'kind', ['image', 'frame', 'group']),
    task(m),
    nested(m, 'canvas', canvasSize),
    bytes(m, 'image'),
    positiveInteger(m, 'imageWidth'),
    positiveInteger(m, 'imageHeight'),
    matrix(m, 'imageTransform'),
    list(m, 'masks', maskShape, 0, Infinity),
    m['maskRule'] === null ? undefined : oneOf(m, 'maskRule', ['selected', 'named', 'above']),
    m['outpaintRegion'] === null ? undefined : list(m, 'outpaintRegion', pathData, 1, Infinity),
    textList(m, 'notices'),
  );
}

function sourceSummary(s: Fields): string | undefined {
  return firstProblem(
    id(s, 'id'),
    string(s, 'name'),
    oneOf(s, 'kind', ['image', 'frame', 'group']),
    size(s),
    list(s, 'maskLayers', maskLayer, 0, Infinity),
    list(s, 'usedUpMaskLayers', maskLayer, 0, Infinity),
    s['maskRule'] === null ? undefined : oneOf(s, 'maskRule', ['selected', 'named', 'above']),
    s['outpaint'] === null
      ? undefined
      : nested(s, 'outpaint', (o) =>
          firstProblem(oneOf(o, 'target', ['frame', 'fit-bands', 'ratio', 'sides']), o['name'] === undefined ? undefined : string(o, 'name'), size(o)),
        ),
  );
}

function skippedLayer(s: Fields): string | undefined {
  return firstProblem(id(s, 'id'), string(s, 'name'), text(s, 'reason', MAX_TEXT_LENGTH));
}

function maskLayer(l: Fields): string | undefined {
  return firstProblem(id(l, 'id'), string(l, 'name'));
}

function maskShape(l: Fields): string | undefined {
  return firstProblem(maskLayer(l), list(l, 'paths', pathData, 0, Infinity));
}

function pathData(p: Fields): string | undefined {
  return firstProblem(oneOf(p, 'windingRule', ['NONZERO', 'EVENODD']), string(p, 'data'));
}

function canvasSize(c: Fields): string | undefined {
  return firstProblem(positiveInteger(c, 'width'), positiveInteger(c, 'height'), maxSide(c));
}

function paintedMask(p: Fields): string | undefined {
  return firstProblem(bytes(p, 'png'), positiveInteger(p, 'width'), positiveInteger(p, 'height'), maxSide(p));
}

function resultImage(r: Fields): string | undefined {
  const coordinate = (key: string) =>
    Number.isInteger(r[key]) && (r[key] as number) >= 0 ? undefined : `\`${key}\` must be a non-negative integer`;
  return firstProblem(
    bytes(r, 'png'),
    coordinate('x'),
    coordinate('y'),
    positiveInteger(r, 'width'),
    positiveInteger(r, 'height'),
    maxSide(r),
    r['seed'] === undefined ? undefined : seed(r['seed'], '`seed`'),
    nonNegativeInteger(r, 'variation'),
  );
}

/** How many one-image messages a result comes in (ResultMessage): one per variation at most. */
function resultParts(m: Fields): string | undefined {
  const parts = m['parts'];
  return Number.isInteger(parts) && isInRange(parts, 1, MAX_VARIATIONS) ? undefined : `\`parts\` must be an integer from 1 to ${MAX_VARIATIONS}`;
}

function options(m: Fields): string | undefined {
  return optionsProblem(m['options']);
}

function optionsProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return '`options` must be an object';
  const o = value;
  const optionalString = (key: string, max: number) =>
    o[key] === undefined || (typeof o[key] === 'string' && o[key].length <= max) ? undefined : `\`options.${key}\` must be a string of up to ${max} characters`;
  const optionalNumber = (key: string, min: number, max: number, integer: boolean) =>
    o[key] === undefined || (isInRange(o[key], min, max) && (!integer || Number.isInteger(o[key])))
      ? undefined
      : `\`options.${key}\` must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  return firstProblem(
    optionalString('prompt', MAX_PROMPT_LENGTH),
    optionalString('negativePrompt', MAX_PROMPT_LENGTH),
    optionalNumber('fittingDegree', 0, 1, false),
    o['seed'] === undefined ? undefined : seed(o['seed'], '`options.seed`'),
    optionalNumber('steps', 1, 1000, true),
    optionalNumber('guidance', 0, 100, false),
    optionalString('scheduler', 100),
    optionalNumber('variations', 1, MAX_VARIATIONS, true),
    optionalNumber('aspectRatio', 0.05, 20, false),
    optionalNumber('outpaintSides', 1, MAX_OUTPAINT_SIDES, true),
    o['aspectRatio'] !== undefined && o['outpaintSides'] !== undefined ? '`options` may have `aspectRatio` or `outpaintSides`, not both' : undefined,
  );
}

function sourceIds(m: Fields): string | undefined {
  const problem = idList(m, 'sourceIds', 1, MAX_SOURCES);
  if (problem !== undefined) return problem;
  if (m['mask'] !== undefined && (m['sourceIds'] as unknown[]).length > 1) return 'a painted `mask` needs exactly one source';
  return undefined;
}

function idList(m: Fields, key: string, min = 0, max = Infinity): string | undefined {
  const value = m[key];
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    return `\`${key}\` must be a list of ${max === Infinity ? `at least ${min}` : `${min} to ${max}`} ids`;
  }
  if (!value.every((entry) => typeof entry === 'string' && entry.length > 0)) return `\`${key}\` must hold non-empty strings`;
  return undefined;
}

// ---- primitives -----------------------------------------------------------------------------------

function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((problem) => problem !== undefined);
}

function prefixed(where: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${where} ${problem}`;
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nested(m: Fields, key: string, check: FieldCheck): string | undefined {
  const value = m[key];
  if (!isRecord(value)) return `\`${key}\` must be an object`;
  const problem = check(value);
  return problem === undefined ? undefined : `\`${key}\`: ${problem}`;
}

function list(m: Fields, key: string, check: FieldCheck, min: number, max: number): string | undefined {
  const value = m[key];
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    return `\`${key}\` must be a list of ${max === Infinity ? `at least ${min}` : `${min} to ${max}`} entries`;
  }
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    const problem = isRecord(entry) ? check(entry) : 'must be an object';
    if (problem !== undefined) return `\`${key}[${i}]\`: ${problem}`;
  }
  return undefined;
}

function textList(m: Fields, key: string): string | undefined {
  const value = m[key];
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string' && entry.length <= MAX_TEXT_LENGTH)
    ? undefined
    : `\`${key}\` must be a list of strings`;
}

function string(m: Fields, key: string): string | undefined {
  return typeof m[key] === 'string' ? undefined : `\`${key}\` must be a string`;
}

function id(m: Fields, key: string): string | undefined {
  const value = m[key];
  return typeof value === 'string' && value.length > 0 ? undefined : `\`${key}\` must be a non-empty string`;
}

function text(m: Fields, key: string, maxLength: number): string | undefined {
  const value = m[key];
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength
    ? undefined
    : `\`${key}\` must be a string of 1 to ${maxLength} characters`;
}

function oneOf(m: Fields, key: string, values: readonly string[]): string | undefined {
  return values.includes(m[key] as string) ? undefined : `\`${key}\` must be one of ${values.join(', ')}`;
}

function boolean(m: Fields, key: string): string | undefined {
  return typeof m[key] === 'boolean' ? undefined : `\`${key}\` must be a boolean`;
}

function optionalBoolean(m: Fields, key: string): string | undefined {
  return m[key] === undefined ? undefined : boolean(m, key);
}

function positiveInteger(m: Fields, key: string): string | undefined {
  return Number.isInteger(m[key]) && (m[key] as number) > 0 ? undefined : `\`${key}\` must be a positive integer`;
}

function nonNegativeInteger(m: Fields, key: string): string | undefined {
  return Number.isInteger(m[key]) && (m[key] as number) >= 0 ? undefined : `\`${key}\` must be a non-negative integer`;
}

function maxSide(m: Fields): string | undefined {
  return (m['width'] as number) > MAX_IMAGE_SIDE || (m['height'] as number) > MAX_IMAGE_SIDE
    ? `\`width\` and \`height\` must be at most ${MAX_IMAGE_SIDE} px`
    : undefined;
}

function seed(value: unknown, name: string): string | undefined {
  return Number.isInteger(value) && isInRange(value, 0, 2 ** 32 - 1) ? undefined : `${name} must be an integer from 0 to 2^32-1`;
}

function task(m: Fields): string | undefined {
  return isTask(m['task']) ? undefined : `\`task\` must be one of ${TASKS.join(', ')}`;
}

function size(m: Fields): string | undefined {
  const isPositive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
  return isPositive(m['width']) && isPositive(m['height'])
    ? undefined
    : '`width` and `height` must be positive finite numbers';
}

function matrix(m: Fields, key: string): string | undefined {
  const value = m[key];
  const isRow = (row: unknown) => Array.isArray(row) && row.length === 3 && row.every((v) => typeof v === 'number' && Number.isFinite(v));
  return Array.isArray(value) && value.length === 2 && value.every(isRow) ? undefined : `\`${key}\` must be a 2×3 matrix of finite numbers`;
}

/** Tag-based, not `instanceof`: a Uint8Array from another realm (iframe, test page) is still one. */
function bytes(m: Fields, key: string): string | undefined {
  const value = m[key];
  const isBytes = Object.prototype.toString.call(value) === '[object Uint8Array]';
  return isBytes && (value as Uint8Array).length > 0 ? undefined : `\`${key}\` must be a non-empty Uint8Array`;
}

function jobsAtOnce(value: unknown): boolean {
  return Number.isInteger(value) && isInRange(value, 1, MAX_JOBS_AT_ONCE);
}

function isInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && value >= min && value <= max;
}

function isTask(value: unknown): value is Task {
  return (TASKS as readonly unknown[]).includes(value);
}
