import { UsageError } from '../errors.js';
import { describeValue, type FlagSpec, type FlagSpecs, type ParsedFlags } from './flag-spec.js';

type Fail = (message: string) => never;

/**
 * `--name value` and `--name=value` against a table of specs. Everything the table can check is checked
 * here, before any file is read or model loaded: unknown or repeated flags, missing values, numbers that
 * are not numbers or out of range, choices not on the list. Each mistake is one UsageError whose message
 * says what to write instead; `hint` (where to read the options) ends it.
 */
export function parseFlags<S extends FlagSpecs>(args: readonly string[], specs: S, hint: string): ParsedFlags<S> {
  const parsed: Record<string, string | number | true | string[]> = {};
  // Typed where it is declared, so TypeScript narrows after each `if (…) fail(…)`.
  const fail: Fail = (message) => {
    throw new UsageError(`${message} ${hint}`);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) fail(`Unexpected "${arg}": every option starts with -- (put text with spaces in quotes).`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    // Own keys only: `--constructor` is no option even though every object has one.
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) fail(`Unknown option --${name}.${suggestion(name, Object.keys(specs))}`);
    const repeatable = spec.kind === 'text' && spec.repeatable === true;
    if (name in parsed && !repeatable) fail(`--${name} is given twice; give it once.`);
    if (spec.kind === 'switch') {
      if (eq >= 0) fail(`--${name} takes no value; write just --${name}.`);
      parsed[name] = true;
      continue;
    }
    let text: string | undefined;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) text = args[++i];
    if (text === undefined) fail(`--${name} needs a value: ${what(spec)}.`);
    const value = valueOf(name, spec, text, fail);
    parsed[name] = repeatable ? [...((parsed[name] as string[] | undefined) ?? []), String(value)] : value;
  }
  return parsed as ParsedFlags<S>;
}

function valueOf(name: string, spec: FlagSpec, text: string, fail: Fail): string | number {
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      const whole = spec.kind === 'number' || Number.isInteger(value);
      if (!(Number.isFinite(value) && whole && value >= spec.min && value <= spec.max)) fail(`--${name} must be ${describeValue(spec)}, not "${text}".`);
      return value;
    }
    case 'choice':
      if (!spec.choices.includes(text)) fail(`--${name} ${text} is not one we have; choose ${describeValue(spec)}.`);
      return text;
    default:
      if (text === '' && !(spec.kind === 'text' && spec.allowEmpty)) fail(`--${name} needs a value: ${what(spec)}.`);
      return text;
  }
}

function what(spec: FlagSpec): string {
  return 'value' in spec ? `${spec.value}, ${describeValue(spec) ?? spec.help}` : spec.help;
}

/** " Did you mean --steps?" for a typo of one or two letters. */
function suggestion(name: string, names: readonly string[]): string {
  const close = names.find((candidate) => editDistance(name, candidate) <= Math.min(2, Math.floor(candidate.length / 2)));
  return close ? ` Did you mean --${close}?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
