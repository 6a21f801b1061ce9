/**
 * Hand-written guards for every message that crosses the plugin/UI boundary. A message is acted on
 * only after its guard accepted it; otherwise the receiver logs the reason and drops it.
 */
import { TASKS } from '../../models/engine/types.js';
import type { PluginToUiMessage, Task, TaskOptions, UiToPluginMessage } from './messages.js';

export type Validation<T> = { ok: true; message: T } | { ok: false; reason: string };

type Fields = Record<string, unknown>;
/** Returns what is wrong with a message of a known type, or undefined when nothing is. */
type FieldCheck = (fields: Fields) => string | undefined;

const MAX_LABEL_LENGTH = 100;
const MAX_TEXT_LENGTH = 1000;

export function validateUiToPluginMessage(value: unknown): Validation<UiToPluginMessage> {
  return validateWith<UiToPluginMessage>(value, UI_TO_PLUGIN_CHECKS);
}

export function validatePluginToUiMessage(value: unknown): Validation<PluginToUiMessage> {
  return validateWith<PluginToUiMessage>(value, PLUGIN_TO_UI_CHECKS);
}

const UI_TO_PLUGIN_CHECKS: Record<UiToPluginMessage['type'], FieldCheck> = {
  ready: () => undefined,
  run: (m) => firstProblem(id(m, 'sourceId'), task(m), options(m)),
  result: (m) =>
    firstProblem(id(m, 'jobId'), bytes(m, 'png'), size(m), text(m, 'taskLabel', MAX_LABEL_LENGTH)),
  cancel: (m) => id(m, 'jobId'),
  notify: (m) => firstProblem(text(m, 'message', MAX_TEXT_LENGTH), optionalBoolean(m, 'error')),
  close: () => undefined,
  resize: (m) => size(m),
};

const PLUGIN_TO_UI_CHECKS: Record<PluginToUiMessage['type'], FieldCheck> = {
  preselect: (m) => (m['task'] === null ? undefined : task(m)),
  selection: (m) => selection(m),
  source: (m) =>
    firstProblem(id(m, 'jobId'), id(m, 'sourceId'), task(m), options(m), bytes(m, 'image'), size(m), string(m, 'name')),
  'result-placed': (m) => firstProblem(id(m, 'jobId'), id(m, 'nodeId'), string(m, 'name')),
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

function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((problem) => problem !== undefined);
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

function optionalBoolean(m: Fields, key: string): string | undefined {
  const value = m[key];
  return value === undefined || typeof value === 'boolean' ? undefined : `\`${key}\` must be a boolean`;
}

function task(m: Fields): string | undefined {
  return isTask(m['task'])
    ? undefined
    : `\`task\` must be one of ${TASKS.join(', ')}`;
}

function size(m: Fields): string | undefined {
  const isPositive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
  return isPositive(m['width']) && isPositive(m['height'])
    ? undefined
    : '`width` and `height` must be positive finite numbers';
}

/** Tag-based, not `instanceof`: a Uint8Array from another realm (iframe, test page) is still one. */
function bytes(m: Fields, key: string): string | undefined {
  const value = m[key];
  const isBytes = Object.prototype.toString.call(value) === '[object Uint8Array]';
  return isBytes && (value as Uint8Array).length > 0 ? undefined : `\`${key}\` must be a non-empty Uint8Array`;
}

function options(m: Fields): string | undefined {
  const value = m['options'];
  if (!isRecord(value)) return '`options` must be an object';
  const o = value as TaskOptions & Fields;
  if (o.prompt !== undefined && typeof o.prompt !== 'string') return '`options.prompt` must be a string';
  if (o.negativePrompt !== undefined && typeof o.negativePrompt !== 'string') {
    return '`options.negativePrompt` must be a string';
  }
  if (o.fittingDegree !== undefined && !isInRange(o.fittingDegree, 0, 1)) {
    return '`options.fittingDegree` must be a number from 0 to 1';
  }
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && isInRange(o.seed, 0, 2 ** 32 - 1))) {
    return '`options.seed` must be an integer from 0 to 2^32-1';
  }
  return undefined;
}

function isInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && value >= min && value <= max;
}

function selection(m: Fields): string | undefined {
  const source = m['source'];
  if (source === null) return text(m, 'problem', MAX_TEXT_LENGTH);
  if (!isRecord(source)) return '`source` must be a source summary or null';
  return firstProblem(id(source, 'id'), string(source, 'name'), size(source));
}

function isTask(value: unknown): value is Task {
  return (TASKS as readonly unknown[]).includes(value);
}
