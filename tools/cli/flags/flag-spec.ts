/** One option of a command, as the parser checks it and `--help` describes it. */
export type FlagSpec = { help: string; group: string } & (
  | { kind: 'switch' }
  /** `allowEmpty`: "" is a value (an empty prompt), not a forgotten one; `repeatable`: given any number of times. */
  | { kind: 'text'; value: string; allowEmpty?: boolean; repeatable?: boolean }
  | { kind: 'integer' | 'number'; value: string; min: number; max: number }
  | { kind: 'choice'; value: string; choices: readonly string[] }
);

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** What the parser returns for a table of specs: each given flag, typed by its kind. */
export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]?: S[K] extends { kind: 'switch' }
    ? true
    : S[K] extends { kind: 'integer' | 'number' }
      ? number
      : S[K] extends { repeatable: true }
        ? string[]
        : string;
};

/** "a whole number from 1 to 1000", for help and for errors alike. */
export function describeValue(spec: FlagSpec): string | undefined {
  switch (spec.kind) {
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'choice':
      return `one of: ${spec.choices.join(', ')}`;
    default:
      return undefined;
  }
}
